-- Staff who change a booked session decide what its original tutor is paid (issue 16): a payout treatment entry per seat.
ALTER TYPE "EarningKind" ADD VALUE 'payout_treatment';
