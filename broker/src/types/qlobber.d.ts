// qlobber 8 ships no types; this is the part Louyu uses (the matcher aedes and mqemitter route with).
declare module 'qlobber' {
  interface QlobberOptions {
    separator?: string;
    wildcard_one?: string;
    wildcard_some?: string;
    match_empty_levels?: boolean;
  }
  /** Topic filters to values, each value at most once per match. */
  export class QlobberDedup {
    constructor(options?: QlobberOptions);
    add(filter: string, value: unknown): this;
    remove(filter: string, value?: unknown): this;
    match(topic: string): Set<unknown>;
  }
}
