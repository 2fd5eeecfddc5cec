/** A tutor's average rating as learners gave it: "★ 4.7 (12 ratings)", or that there is none yet. */
export function RatingSummary({ rating }: { rating: { average: string; count: number } | null }) {
  if (!rating) return <p className="text-sm text-slate-600">No ratings yet</p>;
  const ratings = `${rating.count} rating${rating.count === 1 ? "" : "s"}`;
  return (
    <p className="text-sm">
      <span aria-hidden="true">
        <span className="text-amber-700">★</span> {rating.average} <span className="text-slate-600">({ratings})</span>
      </span>
      <span className="sr-only">
        Rated {rating.average} out of 5 from {ratings}
      </span>
    </p>
  );
}
