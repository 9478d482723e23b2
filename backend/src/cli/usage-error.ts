/** A mistake on the command line: exit status 2 and a pointer to `concord --help`. */
export class UsageError extends Error {}
