import { expect, test } from 'vitest';
import { credentialKinds } from '../../src/core/credential-kinds';

test('names every kind of credential a request carried, by header name', () => {
  expect(
    credentialKinds([
      { name: 'X-API-Key', value: 'k' },
      { name: 'Cookie', value: 'sid=1' },
      { name: 'authorization', value: 'Bearer t' },
      { name: 'Proxy-Authorization', value: 'Basic eA==' },
      { name: 'Accept', value: '*/*' },
    ]),
  ).toEqual(['authorization', 'proxy-authorization', 'cookie', 'api-key']);
});

test('anti-CSRF headers and request ids are no API key', () => {
  expect(
    credentialKinds([
      { name: 'X-XSRF-TOKEN', value: 'eyJpdiI6IkZBS0UifQ==' },
      { name: 'X-CSRF-Token', value: 'abc123' },
      { name: 'X-CSRFToken', value: 'abc123' },
      { name: 'Postman-Token', value: 'c05239b1-4f6f-4efb-b888-4deefa391a31' },
    ]),
  ).toEqual([]);
  expect(credentialKinds([{ name: 'X-Auth-Token', value: 'abc123' }])).toEqual(['api-key']);
});

test('an empty Cookie header is no credential', () => {
  expect(credentialKinds([{ name: 'Cookie', value: '  ' }])).toEqual([]);
});

test('API keys in the query string count, whatever their case; look-alikes do not', () => {
  expect(credentialKinds([], 'https://x.test/a?API_KEY=1')).toEqual(['api-key']);
  expect(credentialKinds([], 'https://x.test/a?page=2&access_token=t#key=x')).toEqual(['api-key']);
  expect(credentialKinds([], 'https://x.test/a?monkey=1#key=1')).toEqual([]);
  expect(credentialKinds([], 'https://x.test/key')).toEqual([]);
});
