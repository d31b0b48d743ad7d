import { inspect } from 'node:util';

const redacted = '[redacted]';

/** A credential that prints as `[redacted]` everywhere (logs, JSON, inspect); only `reveal()` gives the value. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself, for the one place that needs it (e.g. the token request). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return redacted;
  }

  toJSON(): string {
    return redacted;
  }

  [inspect.custom](): string {
    return redacted;
  }
}
