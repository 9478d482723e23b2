/**
 * The app's one API client. The app decides what a 401 means (forget the person, go to /sign-in)
 * through `onUnauthorized`, so this module knows nothing of the router or the session.
 */
import { createApiClient } from './client';

export { ApiError, createApiClient, type ApiClient, type ApiPath, type CallOptions, type FieldIssue } from './client';
export { Resource, resource } from './resource.svelte';

let unauthorizedHandler: () => void = () => {};

export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export const api = createApiClient({ onUnauthorized: () => unauthorizedHandler() });
