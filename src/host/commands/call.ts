import type { Core } from '../../core/core';
import { dispatch } from '../../shared/dispatch';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { AppError, type ErrorCodeValue } from '../../shared/errors';

/** The same dispatch as IPC and HTTP: input is parsed by the contract, errors keep their shape. */
export async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(core.handlers, channel, input);
  // dispatch() only answers with the contract's own codes.
  if (!result.ok) throw new AppError(result.error.code as ErrorCodeValue, result.error.message, result.error.issues);
  return result.value as ChannelOutput<C>;
}
