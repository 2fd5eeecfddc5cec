import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { Card, PageTitle } from "~/components/layout";
import { LINK_CODE_TTL_MINUTES } from "~/domain/telegram/commands";
import { formatInstant } from "~/domain/time/zones";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { requestMeta } from "~/services/request-meta.server";
import { issueTelegramLinkCode, telegramLinkStatus, unlinkTelegram } from "~/services/telegram-link.server";
import { telegramBotName, telegramEnabled } from "~/services/telegram.server";
import { intentOf } from "~/utils/forms";
import { errorPage, readFormData } from "~/utils/http";

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Telegram · Your tutor profile · Tutordesk" }];

const NOT_HERE = "There is no Telegram bot on this Tutordesk.";
const BACK = { to: "/tutor/profile", label: "Back to your profile" };

/**
 * The tutor's Telegram link (issue 14): whether a chat is linked, a one-time code to link one (shown
 * once, in the flash message after the redirect: only its hash is kept), and unlinking. Hidden (404)
 * without TELEGRAM_BOT_TOKEN.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  if (!telegramEnabled()) throw errorPage(404, NOT_HERE, BACK);
  const status = await telegramLinkStatus(user.id);
  return json({
    hasProfile: status !== null,
    linked: status?.linked ?? false,
    linkedAt: status?.linkedAt ? formatInstant(status.linkedAt, user.timezone) : null,
    bot: telegramBotName(),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args, { role: "TUTOR" });
  if (!telegramEnabled()) throw errorPage(404, NOT_HERE, BACK);
  const formData = await readFormData(args.request);
  const intent = intentOf(formData, ["code", "unlink"]);
  const meta = requestMeta(args.request);
  if (intent === "code") {
    if (!(await telegramLinkStatus(user.id))) throw errorPage(409, "Set up your tutor profile first, then link Telegram.", BACK);
    const { code } = await issueTelegramLinkCode(user, meta);
    return redirectWithFlash(args.request, "/tutor/telegram", `Your link code is ${code}. Send /link ${code} to ${telegramBotName()} within ${LINK_CODE_TTL_MINUTES} minutes.`, {
      tone: "info",
    });
  }
  if (intent === "unlink") {
    const unlinked = await unlinkTelegram(user, meta);
    return redirectWithFlash(args.request, "/tutor/telegram", unlinked ? "Telegram is no longer linked." : "Telegram was not linked.", { tone: "info" });
  }
  throw errorPage(400, "This form is not one this page has. Reload the page and try again.", BACK);
}

export default function TutorTelegramPage() {
  const { hasProfile, linked, linkedAt, bot } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  return (
    <div className="mx-auto max-w-xl">
      <PageTitle subtitle="Check in and out of your sessions by sending /checkin and /checkout to the bot.">Telegram</PageTitle>
      <Card title="Your Telegram link">
        {!hasProfile ? (
          <p className="text-slate-700">
            <Link to="/tutor/profile" className="underline">
              Set up your tutor profile
            </Link>{" "}
            first, then link Telegram.
          </p>
        ) : (
          <div className="space-y-4">
            <p className="text-slate-700">{linked ? `Linked since ${linkedAt}.` : "Not linked."}</p>
            <Form method="post" aria-label="Get a link code" className="space-y-2">
              <p className="text-sm text-slate-700">
                Get a one-time code, then send <code>/link CODE</code> to {bot} within {LINK_CODE_TTL_MINUTES} minutes.
                {linked ? " Linking another chat replaces this one." : ""}
              </p>
              <SubmitButton name="intent" value="code" pending={pending}>
                Get a link code
              </SubmitButton>
            </Form>
            {linked ? (
              <Form method="post" aria-label="Unlink Telegram">
                <SubmitButton name="intent" value="unlink" tone="plain" pending={pending}>
                  Unlink
                </SubmitButton>
              </Form>
            ) : null}
          </div>
        )}
      </Card>
      <p>
        <Link to="/tutor/profile" className="underline">
          Back to your profile
        </Link>
      </p>
    </div>
  );
}
