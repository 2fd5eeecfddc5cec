import { PAYOUT_TREATMENTS } from "~/domain/pay/payout-treatment";
import { PlainTextField, RadioFieldset } from "./forms";

/**
 * The payout treatment of a staff change (app/domain/pay/payout-treatment.ts): full, partial with an
 * amount, or none, for the session's original tutor. `fullPay` is the formatted full amount, so the
 * coordinator knows the bound before typing a partial one.
 */
export function PayoutTreatmentFields({
  tutorName,
  fullPay,
  value,
  errors,
  defaultChoice = "full",
}: {
  tutorName: string;
  fullPay: string;
  value: (name: "payout" | "payoutAmount", fallback: string) => string;
  errors: Partial<Record<"payout" | "payoutAmount", string[]>>;
  defaultChoice?: string;
}) {
  return (
    <>
      <RadioFieldset
        name="payout"
        legend={`What ${tutorName} is paid for this session`}
        hint={`Full pay is ${fullPay}: the booked places' prices less the platform fee.`}
        options={PAYOUT_TREATMENTS}
        checked={value("payout", defaultChoice)}
        errors={errors.payout}
      />
      <PlainTextField
        id="payoutAmount"
        name="payoutAmount"
        label="Amount, for partial pay"
        short
        maxLength={12}
        defaultValue={value("payoutAmount", "")}
        errors={errors.payoutAmount}
        hint={`Up to ${fullPay}, e.g. 20 or 20.50.`}
      />
    </>
  );
}
