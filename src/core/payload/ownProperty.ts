/**
 * JSON objects as data: every key, `__proto__` included, is a key like any other. JSON.parse
 * makes `"__proto__"` an own property, but `object[key] = value` with that key sets the object's
 * prototype instead (or does nothing, for a primitive), and `object[key]` on an object without
 * that own key reads Object.prototype: a change to such a key would vanish from a merge or a
 * diff, while the send still carries it.
 */

/** Sets `key` as an own, enumerable data property, whatever the key. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The value of `key` when it is the object's own property; undefined otherwise (never an inherited one). */
export function getOwn(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}
