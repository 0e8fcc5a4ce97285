/**
 * Why a delivery attempt failed, in words a person reads in the history, and whether trying again
 * can help (a receiver that is down: yes; an address refused by policy, a 404: no).
 */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
