import { ValidationFailed } from '../errors/index.js';
import { websiteDomain } from './reference-repository.js';

/** Collects problems, each naming its field, and throws them together as `MSI_VALIDATION_FAILED`. */
export function createFieldProblems() {
  const problems: string[] = [];
  return {
    add: (field: string, problem: string) => void problems.push(`${field}: ${problem}`),
    throwIfAny() {
      if (problems.length) throw ValidationFailed.create({ problems });
    },
  };
}

/** A problem collector as the field checks use it. */
type FieldProblems = ReturnType<typeof createFieldProblems>;

const keyPattern = /^[a-z0-9][a-z0-9_.-]{0,49}$/;
// Deliberately loose (one @, a dot in the domain, no spaces): mail systems accept more than any strict pattern.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A required text, trimmed; a problem when empty or longer than `max`. */
export function requiredText(problems: FieldProblems, field: string, value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) problems.add(field, 'is required');
  else if (text.length > max) problems.add(field, `use at most ${max} characters`);
  return text;
}

/** A key handlers use (`started`, `billing`): lower-case letters, digits, `_`, `.` or `-`. */
export function keyText(problems: FieldProblems, field: string, value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : '';
  if (!keyPattern.test(key)) {
    problems.add(
      field,
      'use 1–50 lower-case letters, digits, "_", "." or "-", starting with a letter or digit',
    );
  }
  return key;
}

/** An e-mail address, lower-cased; null when empty and not required. */
export function emailText(
  problems: FieldProblems,
  field: string,
  value: unknown,
  options: { required: boolean },
): string | null {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!text) {
    if (options.required) problems.add(field, 'is required');
    return null;
  }
  if (text.length > 320 || !emailPattern.test(text))
    problems.add(field, `"${text}" is not an e-mail address`);
  return text;
}

/** A website as entered (`example.org`, `https://www.example.org`); null when empty. */
export function websiteText(problems: FieldProblems, field: string, value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return null;
  if (text.length > 500 || !websiteDomain(text)?.includes('.')) {
    problems.add(field, `"${text}" is not a website address`);
  }
  return text;
}
