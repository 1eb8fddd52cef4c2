// The two benchmarked libraries that ship no types: only what bench/parsers.ts calls.
declare module 'auth-header' {
  const authHeader: {
    parse(value: string): {
      scheme: string;
      token: string | string[] | null;
      params: Record<string, string | string[]>;
    };
  };
  export default authHeader;
}

declare module 'www-authenticate' {
  const wwwAuthenticate: {
    parsers: {
      WWW_Authenticate: new (
        value: string,
      ) => { scheme: string; parms: Record<string, string>; err?: string };
    };
  };
  export default wwwAuthenticate;
}
