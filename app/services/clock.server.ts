import { DateTime } from "luxon";
import { env } from "./env.server";

/** The only place the app reads the time. Domain code receives `now` from here. */
export const clock = {
  now(): DateTime {
    return DateTime.utc().plus({ seconds: env.clockOffsetSeconds });
  },
  nowDate(): Date {
    return this.now().toJSDate();
  },
};
