/** `{{name}}` variables in string values, resolved from the chosen environment at send time. */

export const VARIABLE_PATTERN = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

export interface VariableUse {
  name: string;
  /** Offset of `{{` within the string it was found in. */
  index: number;
  length: number;
}

export function findVariables(value: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of value.matchAll(VARIABLE_PATTERN)) {
    uses.push({ name: match[1], index: match.index ?? 0, length: match[0].length });
  }
  return uses;
}

export function hasVariables(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{') && findVariables(value).length > 0;
}

/** Replaces every variable; throws when one has no value (the lint gate should have caught it). */
export function substituteVariables(value: string, variables: Readonly<Record<string, string>>): string {
  return value.replace(VARIABLE_PATTERN, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(variables, name)) {
      throw new Error(`Variable {{${name}}} has no value in the chosen environment.`);
    }
    return variables[name];
  });
}
