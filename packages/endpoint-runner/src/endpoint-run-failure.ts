/**
 * Why a whole endpoint run could not take place (a single case's problems are failures in the
 * run report instead). The message is for the submitter and never carries the API key.
 */
export type EndpointRunFailureKind =
  /** The track's endpoint contract cannot be used on these inputs (a prompt names a column the manifest lacks). */
  | 'contract'
  /** The egress policy refuses the URL (now, or a connection during the run), or the registration is unusable. */
  | 'refused'
  /** The test inputs (zip, manifest, case list) are unusable: a curator's problem, not the endpoint's. */
  | 'inputs';

export class EndpointRunFailure extends Error {
  override readonly name = 'EndpointRunFailure';
  constructor(
    readonly kind: EndpointRunFailureKind,
    message: string,
  ) {
    super(message);
  }
}
