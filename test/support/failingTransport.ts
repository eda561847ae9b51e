import { createHttpHeaders, RestError, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export interface FailingTransport extends HttpClient {
  /** Every request handed to the transport, one entry per send. */
  readonly sends: PipelineRequest[];
  /** The errors it threw, in order. */
  readonly errors: RestError[];
}

export interface TransportAnswer {
  readonly status: number;
  readonly body?: string;
  /** Default application/json. */
  readonly contentType?: string;
}

/**
 * A stand-in transport whose first `failures` sends fail the way core-rest-pipeline's Node client fails on a socket error
 * (a RestError whose `code` is the system error's, e.g. `write EPIPE` with code `EPIPE`); later sends get `answer`.
 * `failures: Infinity` fails every send.
 */
export function failingTransport(failures: number, options: { readonly code?: string; readonly answer?: TransportAnswer } = {}): FailingTransport {
  const code = options.code ?? 'EPIPE';
  const answer = options.answer ?? { status: 200, body: '{}' };
  const sends: PipelineRequest[] = [];
  const errors: RestError[] = [];
  return {
    sends,
    errors,
    async sendRequest(request): Promise<PipelineResponse> {
      sends.push(request);
      if (sends.length <= failures) {
        const error = new RestError(`write ${code}`, { code, request });
        errors.push(error);
        throw error;
      }
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ 'content-type': answer.contentType ?? 'application/json' }),
        ...(answer.body !== undefined ? { bodyAsText: answer.body } : {}),
      };
    },
  };
}
