import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, ApiErrors, describeError, NetworkError, toApiError, type ErrorType } from '../../../src/api/errors';

const official = require('@botpress/api').state.errors as { type: ErrorType; status: number; description: string }[];

test('one error class per official error type, each with its status and description', () => {
  assert.equal(official.length, 26);
  assert.deepEqual(Object.keys(ApiErrors).sort(), official.map((e) => e.type).sort());
  for (const { type, status, description } of official) {
    const error = toApiError(status, { id: 'err_1', code: status, type, message: `a ${type}` }, { operation: 'getBot' });
    assert.ok(error instanceof ApiErrors[type], type);
    assert.ok(error instanceof ApiError && error instanceof Error);
    assert.equal(error.type, type);
    assert.equal(error.status, status);
    assert.equal(error.description, description);
    assert.equal(error.message, `a ${type}`);
    // No other class claims it.
    assert.deepEqual(
      official.filter((o) => error instanceof ApiErrors[o.type]).map((o) => o.type),
      [type],
    );
  }
});

test('bodies that name no official type fall back on the status', () => {
  assert.equal(toApiError(404, { message: 'gone' }).type, 'ResourceNotFound');
  assert.equal(toApiError(429, undefined).type, 'RateLimited');
  assert.equal(toApiError(502, '<html>bad gateway</html>').type, 'Internal');
  assert.equal(toApiError(418, { type: 'Teapot' }).type, 'Unknown');
  const described = toApiError(401, undefined);
  assert.equal(described.message, 'The request requires to be authenticated. (HTTP 401)');
});

test('ApiError.is narrows on the type', () => {
  const error: unknown = toApiError(409, { type: 'AlreadyExists', message: 'taken' });
  assert.ok(ApiError.is(error));
  assert.ok(ApiError.is(error, 'AlreadyExists'));
  assert.ok(!ApiError.is(error, 'RelationConflict'));
  assert.ok(!ApiError.is(new Error('plain')));
});

test('describeError: the official type, message and error id; other errors by their message', () => {
  const notFound = toApiError(404, { id: 'err_123', code: 404, type: 'ResourceNotFound', message: 'Bot abc not found' });
  assert.equal(describeError(notFound), 'ResourceNotFound: Bot abc not found (error id err_123)');
  assert.equal(
    describeError(toApiError(409, { type: 'AlreadyExists', message: 'taken' })),
    'AlreadyExists: taken',
    'no id, nothing to quote',
  );
  assert.equal(
    describeError(new NetworkError('https://api.botpress.cloud/v1', 'ECONNREFUSED')),
    'Could not reach api.botpress.cloud (ECONNREFUSED). Check your connection and try again.',
  );
  assert.equal(describeError('plain'), 'plain');
});
