import { randomInt } from 'node:crypto';

const ADJECTIVES = ['amber', 'brisk', 'calm', 'daring', 'eager', 'fuzzy', 'gentle', 'hidden', 'ivory', 'jolly', 'keen', 'lucky', 'mellow', 'nimble', 'olive', 'proud', 'quiet', 'rapid', 'sunny', 'tidy', 'vivid', 'witty'];
const ANIMALS = ['albatross', 'badger', 'cheetah', 'dolphin', 'egret', 'ferret', 'gecko', 'heron', 'ibis', 'jaguar', 'koala', 'lemur', 'marmot', 'narwhal', 'otter', 'puffin', 'quail', 'raccoon', 'stork', 'tapir', 'walrus', 'yak'];

/** A run name like Cloud's (`brisk-otter`) when the client gives none. */
export const generateRunName = (): string => `${ADJECTIVES[randomInt(ADJECTIVES.length)]!}-${ANIMALS[randomInt(ANIMALS.length)]!}`;
