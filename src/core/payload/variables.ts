import { resolveDynamic, VARIABLE_SYNTAX, type DynamicContext } from './dynamicVariables';

/**
 * `{{name}}` variables in string values, resolved from the chosen environment at send time, and
 * dynamic ones, `{{$datetime iso8601 30 d}}` and the like (dynamicVariables.ts): a `$` name with
 * words after it.
 */
export const VARIABLE_PATTERN = VARIABLE_SYNTAX;

export interface VariableUse {
  /** The name, with its `$` for a dynamic variable. */
  name: string;
  /** The words after a dynamic variable's name (`["iso8601", "30", "d"]`). */
  args: string[];
  /** Offset of `{{` within the string it was found in. */
  index: number;
  length: number;
}

export function findVariables(value: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of value.matchAll(VARIABLE_PATTERN)) {
    // Words after a name make a variable only of a dynamic one: `{{name foo}}` is plain text, as before.
    if (!match[1].startsWith('$') && match[2].trim()) continue;
    uses.push({ name: match[1], args: match[2].trim() ? match[2].trim().split(/[ \t]+/) : [], index: match.index ?? 0, length: match[0].length });
  }
  return uses;
}

export function hasVariables(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{') && findVariables(value).length > 0;
}

/**
 * Replaces every variable; throws when one has no value (the lint gate should have caught it), or
 * when a dynamic one cannot be resolved (a `$processEnv` that is not set: only known at send time).
 * Without `dynamic`, dynamic variables resolve against the clock, with no environment or .env.
 */
export function substituteVariables(value: string, variables: Readonly<Record<string, string>>, dynamic: DynamicContext = { now: new Date(), processEnv: {}, dotenv: {} }): string {
  return value.replace(VARIABLE_PATTERN, (whole, name: string, rest: string) => {
    if (name.startsWith('$')) {
      const resolved = resolveDynamic(name, rest.trim() ? rest.trim().split(/[ \t]+/) : [], dynamic);
      if (resolved.ok === true) return resolved.value;
      throw new Error(resolved.ok === false ? `${whole}: ${resolved.problem}.` : `${whole} has no value here.`);
    }
    if (rest.trim()) return whole;
    if (!Object.prototype.hasOwnProperty.call(variables, name)) {
      throw new Error(`Variable {{${name}}} has no value in the chosen environment.`);
    }
    return variables[name];
  });
}
