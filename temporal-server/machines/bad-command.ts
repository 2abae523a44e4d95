/** A command the server refuses: the workflow task fails with `cause`, not the RPC's transport. */
export class BadCommand extends Error {
  constructor(readonly failCause: string, message: string) {
    super(message);
    this.name = 'BadCommand';
  }
}
