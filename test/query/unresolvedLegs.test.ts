import { describe, expect, it } from 'vitest';
import { unresolvedLegsOnly } from '../../src/query/unresolvedLegs.js';

describe('unresolvedLegsOnly', () => {
  it('names the tables and functions of a warning-only partial error', () => {
    const error = {
      code: 'PartialError',
      message: 'There were some errors when processing your query.',
      details: [
        { code: 'EngineError', message: "Failed to resolve table or function expression named 'DeviceNetworkEvents'" },
        { code: 'EngineError', message: "Failed to resolve table or column expression named '_Im_NetworkSession'" },
      ],
    };
    expect(unresolvedLegsOnly(error)).toEqual(['DeviceNetworkEvents', '_Im_NetworkSession']);
  });

  it('is undefined when any detail is another problem', () => {
    const error = {
      code: 'PartialError',
      details: [
        { code: 'EngineError', message: "Failed to resolve table or function expression named 'CommonSecurityLog'" },
        { code: 'EngineError', message: 'Query execution has exceeded the allowed limits' },
      ],
    };
    expect(unresolvedLegsOnly(error)).toBeUndefined();
    expect(unresolvedLegsOnly({ code: 'PartialError', message: 'shard 3 failed' })).toBeUndefined();
  });
});
