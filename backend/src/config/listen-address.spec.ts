import { describe, expect, it } from 'vitest';
import { listenAddress } from './app-config.js';

describe('listenAddress', () => {
  it('listens on 127.0.0.1 only in demo mode, and says so', () => {
    const address = listenAddress({}, true);
    expect(address.host).toBe('127.0.0.1');
    expect(address.notice).toMatch(/^Demo mode: listening on 127\.0\.0\.1 only.*Set HOST/);
  });

  it('takes HOST when it is set, demo or not', () => {
    expect(listenAddress({ HOST: ' 0.0.0.0 ' }, true)).toEqual({ host: '0.0.0.0', notice: null });
    expect(listenAddress({ HOST: '10.1.2.3' }, false)).toEqual({ host: '10.1.2.3', notice: null });
  });

  it('listens on every interface without --demo and without HOST, as before', () => {
    expect(listenAddress({ HOST: '' }, false)).toEqual({ host: undefined, notice: null });
  });
});
