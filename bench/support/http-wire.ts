// One phone's keep-alive HTTP/1.1 connection on a raw `net` socket, for the ingest-load trackers
// (bench/trackers.ts). node:http's client (agent, ClientRequest, IncomingMessage, header objects, streams)
// cost the trackers a third to half a core on a 2-core machine the server shares: CPU taken from the
// server being measured. Here a request is one string written once (the caller builds it, headers
// prebuilt per device), and the answer is read by a minimal parser: status line, Content-Length or
// chunked body, `Connection: close`. One request at a time per connection, as a phone sends them; the
// socket is opened on the first request and again after the server closed it.
import net from 'node:net';

export interface WireAnswer {
  status: number;
  /** The body as latin1 (one char a byte, so Content-Length counts chars); `utf8Of` for display. */
  body: string;
}

/** A latin1-read body as the UTF-8 text it is (problem+json details may hold non-ASCII). */
export const utf8Of = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

const HEAD_END = '\r\n\r\n';

/** A request the connection failed (reset, closed) before its answer came. */
export class WireError extends Error {
  /** Whether no answer had come on that connection yet (the connect itself went wrong, e.g. a full backlog). */
  readonly newConnection: boolean;
  constructor(message: string, newConnection: boolean) {
    super(`${message} (${newConnection ? 'on a new connection' : 'on a kept-alive connection'})`);
    this.newConnection = newConnection;
  }
}

export class HttpWire {
  private socket: net.Socket | null = null;
  private buffer = '';
  private resolve: ((answer: WireAnswer) => void) | null = null;
  private reject: ((error: Error) => void) | null = null;
  /** Index in buffer where the body starts (−1 while the head is incomplete). */
  private bodyStart = -1;
  private status = 0;
  /** −1: chunked; −2: until the connection closes; else the body's length. */
  private length = 0;
  private closeAfter = false;
  /** Answers read on the current connection: a failure on a new one is a connect that did not take. */
  private answered = 0;

  private readonly host: string;
  private readonly port: number;

  constructor(host: string, port: number) {
    this.host = host;
    this.port = port;
  }

  /** Sends one whole request (head and body, latin1/ASCII) and resolves with the answer. */
  send(request: string): Promise<WireAnswer> {
    if (this.resolve) return Promise.reject(new Error('one request at a time on a connection'));
    const socket = this.socket ?? this.open();
    return new Promise<WireAnswer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.buffer = '';
      this.bodyStart = -1;
      socket.write(request, 'latin1');
    });
  }

  /** Closes the connection (between scenarios, or at the end). */
  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.answered = 0;
    socket.setEncoding('latin1');
    // Events of a connection already given up (closed after an answer, then reopened) are not this
    // request's business.
    const mine = () => this.socket === socket;
    socket.on('data', (chunk: string) => {
      if (mine()) this.read(chunk);
    });
    const ended = (error: Error | null) => {
      if (mine()) this.ended(error);
    };
    socket.on('end', () => ended(null));
    socket.on('close', () => ended(null));
    socket.on('error', ended);
    this.socket = socket;
    return socket;
  }

  private read(chunk: string): void {
    this.buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
    if (!this.resolve) return; // bytes with no request out: ignored (the server misbehaves)
    let body: string | null;
    try {
      if (this.bodyStart < 0 && !this.readHead()) return;
      body = this.bodyIfComplete();
    } catch (error) {
      this.ended(error as Error);
      return;
    }
    if (body !== null) this.finish(body);
  }

  /** Parses the status line and the headers that frame the body; false while the head is incomplete. */
  private readHead(): boolean {
    const end = this.buffer.indexOf(HEAD_END);
    if (end < 0) return false;
    const head = this.buffer.slice(0, end).toLowerCase();
    // "HTTP/1.1 200 OK"
    this.status = Number(head.slice(9, 12));
    this.bodyStart = end + HEAD_END.length;
    this.closeAfter = headerValue(head, 'connection') === 'close';
    const length = headerValue(head, 'content-length');
    if (this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200))
      this.length = 0;
    else if (length !== null) this.length = Number(length);
    else if (headerValue(head, 'transfer-encoding')?.includes('chunked')) this.length = -1;
    else this.length = -2;
    return true;
  }

  /** The body once all of it is in the buffer, else null. */
  private bodyIfComplete(): string | null {
    const start = this.bodyStart;
    if (this.length >= 0) {
      return this.buffer.length - start >= this.length ? this.buffer.slice(start, start + this.length) : null;
    }
    if (this.length === -2) return null; // read to the end of the connection
    return dechunk(this.buffer, start);
  }

  private finish(body: string): void {
    const resolve = this.resolve!;
    this.resolve = null;
    this.reject = null;
    this.answered++;
    if (this.closeAfter) this.close();
    resolve({ status: this.status, body });
  }

  /** The connection ended: a body read to its end is complete; any other request out fails. */
  private ended(error: Error | null): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    if (!this.resolve) return;
    if (!error && this.bodyStart >= 0 && this.length === -2) {
      this.finish(this.buffer.slice(this.bodyStart));
      return;
    }
    const reject = this.reject!;
    this.resolve = null;
    this.reject = null;
    reject(
      new WireError(
        error?.message ?? 'the server closed the connection before answering',
        this.answered === 0,
      ),
    );
  }
}

/** A header's value in a lower-cased head, or null. */
function headerValue(head: string, name: string): string | null {
  const at = head.indexOf(`\r\n${name}:`);
  if (at < 0) return null;
  const from = at + name.length + 3;
  const to = head.indexOf('\r\n', from);
  return head.slice(from, to < 0 ? head.length : to).trim();
}

/** A chunked body starting at `start`, decoded, once its last chunk (and trailers) are in; else null. */
export function dechunk(buffer: string, start: number): string | null {
  let body = '';
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buffer.slice(at, lineEnd), 16); // a chunk extension (";…") ends the hex
    if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${buffer.slice(at, lineEnd)}`);
    if (size === 0) {
      // Trailers, if any, end with an empty line.
      const trailersEnd = buffer.indexOf('\r\n', lineEnd + 2);
      if (trailersEnd < 0) return null;
      if (trailersEnd === lineEnd + 2) return body;
      return buffer.indexOf(HEAD_END, lineEnd) < 0 ? null : body;
    }
    const dataEnd = lineEnd + 2 + size;
    if (buffer.length < dataEnd + 2) return null;
    body += buffer.slice(lineEnd + 2, dataEnd);
    at = dataEnd + 2;
  }
}
