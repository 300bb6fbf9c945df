import { LEGACY_PERSON } from '../domain/legacy-data.js';
import type { FieldType } from './records.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `value` is of the field type `type` (./records.ts): one definition for rows and columns alike. */
export const checkField = (value: unknown, type: FieldType): boolean => {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'string?': return value === null || typeof value === 'string';
    case 'object': return isObject(value);
    case 'object?': return value === null || isObject(value);
    case 'strings': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'account': return value === 'USER' || value === 'SERVICE' || value === LEGACY_PERSON;
    case 'strings?': return value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'objects': return Array.isArray(value) && value.every(isObject);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'any': return value !== undefined;
    case 'string|null|absent': return value === undefined || value === null || typeof value === 'string';
    case 'object|absent': return value === undefined || isObject(value);
  }
};
