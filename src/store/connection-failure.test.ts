// Which errors mean "the store is not there": the server answers those 503 and the CLI exits 3.
import { expect, it } from 'vitest';
import { connectionFailureReason, isConnectionFailure } from './connection-failure.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

it('recognises lost and refused store connections', () => {
  expect(isConnectionFailure(withCode('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'))).toBe(true);
  expect(isConnectionFailure(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
  expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
  expect(isConnectionFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
  expect(isConnectionFailure(withCode('the database system is starting up', '57P03'))).toBe(true);
  expect(isConnectionFailure(withCode('connection failure', '08006'))).toBe(true);
  expect(isConnectionFailure(new AggregateError([withCode('connect ECONNREFUSED ::1:5999', 'ECONNREFUSED')], ''))).toBe(true);
  expect(isConnectionFailure(new Error('wrapped', { cause: new Error('Connection terminated') }))).toBe(true);
});

it('leaves every other error alone, so bugs stay 500s and bad input stays 4xx', () => {
  expect(isConnectionFailure(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
  expect(isConnectionFailure(withCode('syntax error at or near "x"', '42601'))).toBe(false);
  expect(isConnectionFailure(withCode('audit_log is append-only', 'P0001'))).toBe(false);
  expect(isConnectionFailure(withCode('canceling statement due to statement timeout', '57014'))).toBe(false);
  expect(isConnectionFailure(new Error('the connection to the model service was fine'))).toBe(false);
  expect(isConnectionFailure('Connection terminated')).toBe(false);
  expect(isConnectionFailure(undefined)).toBe(false);
});

it('phrases the reason in a few words', () => {
  expect(connectionFailureReason(withCode('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:5999');
  expect(connectionFailureReason(new AggregateError([withCode('connect ECONNREFUSED ::1:5999', 'ECONNREFUSED')], ''))).toBe('connect ECONNREFUSED ::1:5999');
  expect(connectionFailureReason(withCode('', 'ECONNRESET'))).toBe('ECONNRESET');
});
