import type { Detector } from '../types';
import { addressDetector } from './address';
import { cardNumberDetector } from './card-number';
import { dateOfBirthDetector } from './date-of-birth';
import { emailDetector } from './email';
import { governmentIdDetector } from './government-id';
import { ibanDetector } from './iban';
import { ipAddressDetector } from './ip-address';
import { personDetector } from './person';
import { phoneDetector } from './phone';
import { secretDetector } from './secret';

/** Every detector, in the order their findings win an overlap: a secret or an email outranks a name inside it. */
export const DETECTORS: readonly Detector[] = [
  secretDetector,
  emailDetector,
  ibanDetector,
  cardNumberDetector,
  governmentIdDetector,
  ipAddressDetector,
  phoneDetector,
  dateOfBirthDetector,
  addressDetector,
  personDetector,
];
