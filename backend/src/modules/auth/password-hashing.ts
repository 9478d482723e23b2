import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DEFAULT_PASSWORD_HASH_COST } from '../../config/app-config.js';

/* scrypt parameters (RFC 7914): the cost N is configured (default 2^15, about 32 MiB and tens of milliseconds), r = 8, p = 1. */
/**
 * The cheapest cost accepted: N = 2^10 takes about 1 MiB and a millisecond. Only tests choose it
 * (through `createApp({ passwordHashCost })`); the environment cannot lower the default.
 */
export const MINIMUM_PASSWORD_HASH_COST = 2 ** 10;
/** The dearest cost accepted, N = 2^20: about 1 GiB per hash. */
export const MAXIMUM_PASSWORD_HASH_COST = 2 ** 20;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Why a scrypt cost cannot be used, or null when it can: a power of two within the bounds above. */
export function passwordHashCostProblem(cost: number): string | null {
  const powerOfTwo = Number.isInteger(cost) && cost > 0 && (cost & (cost - 1)) === 0;
  if (!powerOfTwo || cost < MINIMUM_PASSWORD_HASH_COST || cost > MAXIMUM_PASSWORD_HASH_COST) {
    return `the password hash cost must be a power of two from ${MINIMUM_PASSWORD_HASH_COST} to ${MAXIMUM_PASSWORD_HASH_COST}, not ${cost}`;
  }
  return null;
}

/**
 * Hashes and checks passwords with scrypt at the configured cost (`AppConfig.passwordHashCost`).
 * Each hash records its own parameters, `scrypt$32768$8$1$<salt>$<hash>` (salt and hash in
 * base64url), so hashes made at another cost still verify.
 */
export class PasswordHasher {
  /** A hash of no one's password at the configured cost, checked when the email is unknown so that both cases take as long. */
  readonly unusableHash: string;
  private readonly turns: Turns;

  /**
   * `concurrency`: hashes computed at once. scrypt runs on libuv's thread pool (4 threads), as do
   * the SQLite driver's queries; left unbounded, a flood of sign-ins holds every thread and each
   * database read waits behind the hashes. The rest wait their turn, in order, without a thread.
   */
  constructor(
    readonly cost: number = DEFAULT_PASSWORD_HASH_COST,
    readonly concurrency = 1,
  ) {
    const problem = passwordHashCostProblem(cost);
    if (problem) throw new Error(problem);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`the hashing concurrency must be a whole number from 1, not ${concurrency}`);
    this.turns = new Turns(concurrency);
    this.unusableHash = ['scrypt', cost, BLOCK_SIZE, PARALLELISM, Buffer.alloc(SALT_LENGTH).toString('base64url'), Buffer.alloc(KEY_LENGTH).toString('base64url')].join('$');
  }

  /** Hashes a password with a fresh random salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const options = { N: this.cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: memoryFor(this.cost, BLOCK_SIZE) };
    const hash = await this.turns.take(() => derive(password, salt, KEY_LENGTH, options));
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), hash.toString('base64url')].join('$');
  }

  /** Whether `password` matches a hash made by `hash` (at any cost); compares in constant time. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, costText, blockSizeText, parallelismText, saltText, hashText] = parts;
    const [cost, blockSize, parallelism] = [Number(costText), Number(blockSizeText), Number(parallelismText)];
    if (passwordHashCostProblem(cost) || blockSize !== BLOCK_SIZE || parallelism !== PARALLELISM) return false;
    const expected = Buffer.from(hashText, 'base64url');
    const options = { N: cost, r: blockSize, p: parallelism, maxmem: memoryFor(cost, blockSize) };
    const actual = await this.turns.take(() => derive(password, Buffer.from(saltText, 'base64url'), expected.length, options));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** At most `limit` tasks at once; the others wait in the order they came. */
class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async take<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** scrypt needs 128 * N * r bytes; twice that leaves room for its bookkeeping. */
function memoryFor(cost: number, blockSize: number): number {
  return 2 * 128 * cost * blockSize;
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
