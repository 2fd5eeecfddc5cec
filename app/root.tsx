import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";
import { homePathFor, navigationFor } from "./domain/users/roles";
import { getCurrentUser } from "./services/auth.server";
import { env } from "./services/env.server";
import { readFlash } from "./services/flash.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Tutordesk" }];

export async function loader(args: LoaderFunctionArgs) {
  const [user, { flash, setCookie }] = await Promise.all([getCurrentUser(args), readFlash(args.request)]);
  return json(
    {
      user: user && {
        name: user.name,
        timezone: user.timezone,
        home: homePathFor(user.roles),
        nav: navigationFor(user.roles),
      },
      flash,
      devMailbox: env.devMailbox,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link to={user?.home ?? "/"} className="mr-auto text-lg font-bold text-brand no-underline">
          Tutordesk
        </Link>
        {user ? (
          <nav aria-label="Main" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            {user.nav.map((link) => (
              <NavLink key={link.to} to={link.to} className="aria-[current=page]:font-semibold">
                {link.label}
              </NavLink>
            ))}
            <Form method="post" action="/logout">
              <button type="submit" className="text-sm text-slate-700 underline-offset-2 hover:underline">
                Sign out
              </button>
            </Form>
          </nav>
        ) : (
          <nav aria-label="Main" className="flex gap-3 text-sm">
            <Link to="/tutors">Find a tutor</Link>
            <Link to="/login">Sign in</Link>
            <Link to="/signup">Sign up</Link>
          </nav>
        )}
      </div>
    </header>
  );
}

export default function App() {
  const { flash, devMailbox } = useLoaderData<typeof loader>();
  return (
    <Document>
      <Header />
      <main className="mx-auto max-w-5xl px-4 py-6">
        {flash ? (
          <p
            role="status"
            className={`mb-4 rounded-md border p-3 text-sm ${flash.tone === "error" ? "border-red-300 bg-red-50 text-red-800" : "border-emerald-300 bg-emerald-50 text-emerald-900"}`}
          >
            {flash.message}
          </p>
        ) : null}
        <Outlet />
      </main>
      {devMailbox ? (
        <footer className="mx-auto max-w-5xl px-4 pb-6 text-xs text-slate-500">
          Development: emails are kept in the <Link to="/dev/mailbox">mailbox</Link>.
        </footer>
      ) : null}
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : status === 403 ? "Not allowed" : status === 400 ? "That request was not valid" : "Something went wrong";
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : status === 500 ? "We could not finish that. Nothing was changed; please try again." : null;
  return (
    <Document>
      <main className="mx-auto max-w-xl px-4 py-10">
        <h1 className="mb-2 text-2xl font-bold">{title}</h1>
        {detail ? <p className="mb-4 text-slate-700">{detail}</p> : null}
        <p>
          <a href="/">Back to Tutordesk</a>
        </p>
      </main>
    </Document>
  );
}
