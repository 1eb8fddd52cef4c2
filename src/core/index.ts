export * from './encoding';
export * from './http/parse-challenges';
export * from './http/parse-cookies';
export * from './http/parse-credentials';
export * from './http/types';
export * from './jwt/decode-jwt';
