/** The faults one request took from a simulator's queue, looked up by name; each simulator names its own. */
export class TakenFaultsOf<Fault extends { readonly fault: string }> {
  readonly #faults: readonly Fault[];

  constructor(faults: readonly Fault[]) {
    this.#faults = faults;
  }

  get<Name extends Fault['fault']>(name: Name): Extract<Fault, { fault: Name }> | undefined {
    return this.#faults.find((taken): taken is Extract<Fault, { fault: Name }> => taken.fault === name);
  }

  has(name: Fault['fault']): boolean {
    return this.get(name) !== undefined;
  }

  get names(): Fault['fault'][] {
    return this.#faults.map((taken) => taken.fault);
  }
}
