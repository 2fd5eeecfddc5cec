import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { RouteErrorBoundary } from "./components/error-page";
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

/** The page around every route: the header, the flash message, the page itself, the footer. */
function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const flash = data?.flash;
  return (
    <>
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
        {children}
      </main>
      {data?.devMailbox ? (
        <footer className="mx-auto max-w-5xl px-4 pb-6 text-xs text-slate-500">
          Development: emails are kept in the <Link to="/dev/mailbox">mailbox</Link>.
        </footer>
      ) : null}
    </>
  );
}

export default function App() {
  return (
    <Document>
      <Layout>
        <Outlet />
      </Layout>
    </Document>
  );
}

/** Errors the routes do not catch themselves (the root loader failing, say) still render inside the layout. */
export function ErrorBoundary() {
  return (
    <Document>
      <Layout>
        <RouteErrorBoundary />
      </Layout>
    </Document>
  );
}
