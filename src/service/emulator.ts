import { randomBytes } from 'node:crypto';
import { badInput, notFound } from '../domain/errors.js';
import { EmulatorInstance, type Origin } from './instance.js';

export interface EmulatorOptions {
  origin: Origin;
  dataFile?: string;
  requestLogSize?: number;
  maxSandboxes?: number;
}

export interface SandboxOptions {
  origin: Origin;
  /** Defaults to a random id; letters, digits, `-` and `_`. */
  id?: string;
}

const SANDBOX_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The whole emulator: the main instance, and the sandboxes parallel test workers create so
 * they can share one process without seeing each other. Sandboxes live in memory.
 */
export class Emulator {
  private readonly sandboxes = new Map<string, EmulatorInstance>();
  /** Ids of sandboxes being created: they count against the limit and cannot be taken twice. */
  private readonly creating = new Set<string>();

  private constructor(readonly main: EmulatorInstance, private readonly options: EmulatorOptions) {}

  static async create(options: EmulatorOptions): Promise<Emulator> {
    const main = await EmulatorInstance.create({
      id: 'main', origin: options.origin, ...(options.dataFile ? { dataFile: options.dataFile } : {}), requestLogSize: options.requestLogSize ?? 500,
    });
    return new Emulator(main, options);
  }

  mainOrigin(): Origin {
    return this.main.origin;
  }

  sandbox(id: string): EmulatorInstance | undefined {
    return this.sandboxes.get(id);
  }

  listSandboxes(): EmulatorInstance[] {
    return [...this.sandboxes.values()];
  }

  async createSandbox(options: SandboxOptions): Promise<EmulatorInstance> {
    const id = options.id ?? randomBytes(6).toString('hex');
    if (!SANDBOX_ID.test(id)) throw badInput('id', 'must be 1 to 64 letters, digits, "-" or "_"');
    // Checked and reserved in the same tick: creation awaits (loading the fixture), and requests
    // racing for one id, or for the last free place, must not all get through.
    if (this.sandboxes.has(id) || this.creating.has(id)) throw badInput('id', `sandbox "${id}" already exists`);
    const max = this.options.maxSandboxes ?? 1_000;
    if (this.sandboxes.size + this.creating.size >= max) throw badInput('id', `too many sandboxes: ${max} is the limit; delete some first`);
    this.creating.add(id);
    try {
      const instance = await EmulatorInstance.create({ id, origin: options.origin, requestLogSize: this.options.requestLogSize ?? 500 });
      this.sandboxes.set(id, instance);
      return instance;
    } finally {
      this.creating.delete(id);
    }
  }

  async deleteSandbox(id: string): Promise<void> {
    const instance = this.sandboxes.get(id);
    if (!instance) throw notFound(`Sandbox "${id}" not found`);
    this.sandboxes.delete(id);
    await instance.close();
  }

  async close(): Promise<void> {
    for (const instance of this.sandboxes.values()) await instance.close();
    this.sandboxes.clear();
    await this.main.close();
  }
}
