/**
 * The shape a translation of a word object must have: the same keys, every
 * text a string (not the English literal), every sentence with parameters a
 * function of the same parameters.
 */
export type Translation<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { readonly [K in keyof T]: Translation<T[K]> };
