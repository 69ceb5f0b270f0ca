import type { DomainHandlers } from '../../shared/contract';
import type { xapiChannels } from '../../shared/xapi';
import type { XapiService } from './xapi-service';

export function xapiHandlers(xapi: XapiService): DomainHandlers<typeof xapiChannels> {
  return {
    'xapi:settings': () => xapi.settings(),
    'xapi:configure': (input) => xapi.configure(input),
    'xapi:status': () => xapi.status(),
    'xapi:send': () => xapi.send({ force: true }),
    'xapi:test': () => xapi.test(),
    'xapi:retry-refused': () => ({ queued: xapi.retryRefused() }),
    'xapi:export': (input) => ({ statements: xapi.export(input.since) }),
  };
}
