// The fake backend's onboarding view: the core's rules (desk-core
// onboarding/mod.rs) over the fake's members — next step, resource, stale
// invitations and the message to send. For the fake only.
import { RESOURCE_URLS } from "./bindings";
import type { ClientView, Lang, MemberView, OnboardingPage, OnboardingStep, Resource } from "./types";

const DAY_MS = 24 * 3_600_000;
const STALE_DAYS = 5;

const RESOURCE_OF: Record<OnboardingStep, Resource | null> = {
  accept_invite: "register",
  await_confirmation: null,
  turn_on_two_step: "two_step_login",
  enroll_recovery: "account_recovery",
};

function message(step: OnboardingStep, name: string | null, client: string, lang: Lang): string | null {
  const resource = RESOURCE_OF[step];
  if (!resource) return null;
  const hello = lang === "es" ? (name ? `Hola, ${name}:` : "Hola:") : name ? `Hello ${name},` : "Hello,";
  const ask: Record<Exclude<OnboardingStep, "await_confirmation">, [string, string]> = {
    accept_invite: [
      `you have been invited to ${client}'s Bitwarden organization. Please accept the invitation in the e-mail from Bitwarden (creating your account if you have none).`,
      `le hemos invitado a la organización de Bitwarden de ${client}. Acepte la invitación del correo de Bitwarden (y cree su cuenta si aún no tiene una).`,
    ],
    turn_on_two_step: [
      `to keep ${client}'s passwords safe, please turn on two-step login for your Bitwarden account.`,
      `para proteger las contraseñas de ${client}, active el inicio de sesión en dos pasos en su cuenta de Bitwarden.`,
    ],
    enroll_recovery: [
      `please enroll in account recovery for ${client} (Bitwarden → Settings → Organizations), so we can help if you ever forget your master password.`,
      `inscríbase en la recuperación de cuenta de ${client} (Bitwarden → Configuración → Organizaciones), para que podamos ayudarle si olvida su contraseña maestra.`,
    ],
  };
  const [en, es] = ask[step as Exclude<OnboardingStep, "await_confirmation">];
  const url = RESOURCE_URLS[resource];
  return lang === "es"
    ? `${hello}\n\nBienvenido/a: ${es}\n\nEsta página le ayuda: ${url}`
    : `${hello}\n\nWelcome — ${en}\n\nThis page helps: ${url}`;
}

/** The core's onboarding over the fake's members; `invitedAt` in ms where known. */
export function fakeOnboarding(
  client: ClientView,
  members: readonly MemberView[],
  recoveryOn: boolean,
  now: number,
  invitedAt: (m: MemberView) => number | null,
  lang: Lang,
): OnboardingPage {
  const progress = members
    .filter((m) => m.status !== "revoked")
    .map((m) => {
      const accepted = m.status === "accepted" || m.status === "confirmed";
      const confirmed = m.status === "confirmed";
      const invited = m.status === "invited";
      const at = invitedAt(m);
      const recoveryEnrolled = recoveryOn ? m.recoveryEnrolled : null;
      const next: OnboardingStep | null = invited
        ? "accept_invite"
        : m.status === "accepted"
          ? "await_confirmation"
          : confirmed && !m.twoFactorEnabled
            ? "turn_on_two_step"
            : confirmed && recoveryEnrolled === false
              ? "enroll_recovery"
              : null;
      return {
        memberId: m.id,
        email: m.email,
        name: m.name,
        status: m.status,
        accepted,
        confirmed,
        twoStep: m.twoFactorEnabled,
        recoveryEnrolled,
        invitedDays: invited && at !== null ? Math.floor((now - at) / DAY_MS) : null,
        staleInvite: invited && at !== null && at < now - STALE_DAYS * DAY_MS,
        next,
        resource: next ? RESOURCE_OF[next] : null,
        message: next ? message(next, m.name, client.name, lang) : null,
      };
    });
  const count = (f: (p: (typeof progress)[number]) => boolean) => progress.filter(f).length;
  return {
    organizationId: client.organizationId,
    clientName: client.name,
    asOf: client.syncedAt,
    recoveryPolicy: recoveryOn,
    members: progress,
    counts: {
      members: progress.length,
      accepted: count((p) => p.accepted),
      confirmed: count((p) => p.confirmed),
      twoStep: count((p) => p.twoStep),
      recoveryEnrolled: count((p) => p.recoveryEnrolled === true),
      complete: count((p) => p.next === null && p.confirmed),
      staleInvites: count((p) => p.staleInvite),
    },
  };
}
