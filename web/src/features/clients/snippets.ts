// Copy-paste samples of the OAuth2 flow for one API client (README "From clone to a working
// token"): a code from GET /api/oauth2 (a 302 to the redirect URI), the code exchanged at
// POST /api/oauth2/Token, then the API called with the token. Plain functions, no React:
// test/web/oauth-snippets.test.ts runs what they generate against a real server.

export const SECRET_PLACEHOLDER = 'YOUR_CLIENT_SECRET';

export interface SnippetInput {
  /** This server, e.g. window.location.origin. */
  server: string;
  clientId: string;
  /** One of the client's registered redirect URIs. */
  redirectUri: string;
  /** The secret when this page showed it; otherwise the placeholder goes in. */
  clientSecret?: string | undefined;
  /** A user's id for a token that acts as that user; empty for a generic token. */
  userId?: string | undefined;
}

/** The flow's three requests, the code left to the caller. */
export interface OAuthFlow {
  /** GET: answers 302 with `Location: {redirect_uri}?code=…`. */
  authorizationUrl: string;
  /** POST with `tokenForm(code)` as a form body. */
  tokenUrl: string;
  tokenForm(code: string): Record<string, string>;
  /** GET with `Authorization: Bearer {access_token}`. */
  listUsersUrl: string;
}

function base(server: string): string {
  return server.replace(/\/+$/, '');
}

export function oauthFlow(input: SnippetInput): OAuthFlow {
  const api = base(input.server);
  const userId = input.userId?.trim();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
  });
  if (userId) {
    query.set('userid', userId);
  }
  return {
    authorizationUrl: `${api}/api/oauth2?${query.toString()}`,
    tokenUrl: `${api}/api/oauth2/Token`,
    tokenForm: (code) => ({
      grant_type: 'authorization_code',
      code,
      redirect_uri: input.redirectUri,
      client_id: input.clientId,
      client_secret: input.clientSecret ?? SECRET_PLACEHOLDER,
      ...(userId ? { userid: userId } : {}),
    }),
    listUsersUrl: `${api}/api/Users/ListUsers`,
  };
}

/** A POSIX shell word: single quotes, each ' written as '\''. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A Python string literal (a JSON string is one). */
function pythonString(value: string): string {
  return JSON.stringify(value);
}

/** What kind of token the code gives, and how to get the other kind (`how`). */
function tokenKindComment(userId: string | undefined, how: string): string[] {
  return userId
    ? [`# The token acts as user ${userId}, limited by that user's roles.`]
    : [
        '# Without userid the token is generic: it may only list users and get user tokens.',
        `# For a token that acts as a user, ${how}.`,
      ];
}

/** The flow in bash with curl: paste it into a terminal. */
export function curlSnippet(input: SnippetInput): string {
  const flow = oauthFlow(input);
  const userId = input.userId?.trim() || undefined;
  const fields = [
    'grant_type=authorization_code',
    'code=$CODE',
    'redirect_uri=$REDIRECT_URI',
    'client_id=$CLIENT_ID',
    'client_secret=$CLIENT_SECRET',
    ...(userId ? ['userid=$USER_ID'] : []),
  ];
  const lines = [
    `API=${shellQuote(base(input.server))}`,
    `CLIENT_ID=${shellQuote(input.clientId)}`,
    `CLIENT_SECRET=${shellQuote(input.clientSecret ?? SECRET_PLACEHOLDER)}`,
    `REDIRECT_URI=${shellQuote(input.redirectUri)}`,
    ...(userId ? [`USER_ID=${shellQuote(userId)}`] : []),
    '',
    '# 1. A code: GET /api/oauth2 answers 302 to your redirect URI with ?code=… (valid 60 s).',
    ...tokenKindComment(userId, 'add &userid=THEIR_ID to the URL'),
    `CODE=$(curl -s -o /dev/null -w '%{redirect_url}' \\`,
    `  ${shellQuote(flow.authorizationUrl)} \\`,
    `  | sed -nE 's/.*[?&]code=([^&]+).*/\\1/p')`,
    '',
    '# 2. The code for an access token (form body; the secret stays on your server).',
    'TOKEN_RESPONSE=$(curl -s -X POST "$API/api/oauth2/Token" \\',
    ...fields.map((field, index) => {
      const end = index === fields.length - 1 ? ')' : ' \\';
      return `  --data-urlencode "${field}"${end}`;
    }),
    'echo "$TOKEN_RESPONSE"',
    `ACCESS_TOKEN=$(echo "$TOKEN_RESPONSE" | sed -nE 's/.*"access_token":"([^"]+)".*/\\1/p')`,
    '',
    '# 3. Call the API with the token.',
    'curl -s "$API/api/Users/ListUsers" \\',
    '  -H "Authorization: Bearer $ACCESS_TOKEN" -H "Accept: application/json"',
  ];
  return `${lines.join('\n')}\n`;
}

/** The flow in Python with requests: save it as a script and run it. */
export function pythonSnippet(input: SnippetInput): string {
  const userId = input.userId?.trim() || undefined;
  const lines = [
    'from urllib.parse import parse_qs, urlparse',
    '',
    'import requests',
    '',
    `API = ${pythonString(base(input.server))}`,
    `CLIENT_ID = ${pythonString(input.clientId)}`,
    `CLIENT_SECRET = ${pythonString(input.clientSecret ?? SECRET_PLACEHOLDER)}`,
    `REDIRECT_URI = ${pythonString(input.redirectUri)}`,
    '',
    '# 1. A code: GET /api/oauth2 answers 302 to your redirect URI with ?code=… (valid 60 s).',
    ...tokenKindComment(userId, 'set params["userid"] = "THEIR_ID"'),
    'params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI}',
    ...(userId ? [`params["userid"] = ${pythonString(userId)}`] : []),
    'redirect = requests.get(f"{API}/api/oauth2", params=params, allow_redirects=False)',
    'if redirect.status_code != 302:',
    '    raise SystemExit(f"authorization failed: {redirect.status_code} {redirect.text}")',
    'code = parse_qs(urlparse(redirect.headers["Location"]).query)["code"][0]',
    '',
    '# 2. The code for an access token (the secret stays on your server).',
    'token = requests.post(f"{API}/api/oauth2/Token", data={',
    '    "grant_type": "authorization_code",',
    '    "code": code,',
    '    "redirect_uri": REDIRECT_URI,',
    '    "client_id": CLIENT_ID,',
    '    "client_secret": CLIENT_SECRET,',
    ...(userId ? ['    "userid": params["userid"],'] : []),
    '})',
    'if token.status_code != 200:',
    '    raise SystemExit(f"token request failed: {token.status_code} {token.text}")',
    'access_token = token.json()["access_token"]',
    '',
    '# 3. Call the API with the token.',
    'headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}',
    'users = requests.get(f"{API}/api/Users/ListUsers", headers=headers)',
    'users.raise_for_status()',
    'for user in users.json():',
    '    print(user["email"], user["name"])',
  ];
  return `${lines.join('\n')}\n`;
}
