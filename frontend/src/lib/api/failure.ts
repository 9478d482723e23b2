/**
 * What a failed call means to a person, in words: a title and a sentence they can act on.
 */
import { ApiError } from './client';

export interface FailureText {
  title: string;
  detail: string;
}

export function describeFailure(failure: Error): FailureText {
  if (!(failure instanceof ApiError)) return { title: 'Something went wrong', detail: failure.message };
  switch (failure.status) {
    case 0:
      return { title: 'Cannot reach the server', detail: failure.message };
    case 401:
      return { title: 'Your session has ended', detail: 'Sign in again to continue.' };
    case 403:
      return { title: 'Not available to you', detail: failure.message || 'Your roles do not include this view.' };
    case 404:
      return { title: 'Not found', detail: failure.message || 'It may have been removed, or the link is wrong.' };
    case 502:
    case 503:
    case 504:
      return { title: 'Cannot reach the server', detail: 'The API did not answer. Check that it is running, then try again.' };
    default:
      return { title: failure.status >= 500 ? 'The server failed' : 'The request was refused', detail: failure.message };
  }
}
