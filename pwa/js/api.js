// The account and device calls of sync-protocol.md section 1 (sync itself lives in sync.js).

export class ApiError extends Error {
  /** @param {number} status @param {string} detail @param {number | null} [retryAfterS] the Retry-After header, in seconds */
  constructor(status, detail, retryAfterS = null) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.retryAfterS = retryAfterS;
  }
}

/** @template T @param {string} method @param {string} path @param {CallOptions} [options] @returns {Promise<T>} */
async function call(method, path, { token, body } = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    throw new ApiError(0, "No connection.");
  }
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("application/json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    throw new ApiError(response.status, data?.detail ?? `The server answered ${response.status}.`, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  if (response.status !== 204 && data === null) throw new ApiError(response.status, "The answer was not the API's.");
  return data;
}

/** @type {Api} */
export const api = {
  createAccount: (username, password) => call("POST", "/accounts", { body: { username, password } }),
  signIn: (username, password, name) => call("POST", "/devices", { body: { username, password, name } }),
  devices: (token) => call("GET", "/devices", { token }),
  revoke: (token, deviceId) => call("DELETE", `/devices/${encodeURIComponent(deviceId)}`, { token }),
};
