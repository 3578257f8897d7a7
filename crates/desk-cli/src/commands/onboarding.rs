//! `pdesk onboarding --client X`: each member's progress (invited →
//! accepted → confirmed, two-step login, account recovery), the next step
//! with the resource for it, and with `--messages` the text to send.

use crate::context::{Context, sanitize, truncate};
use clap::Args;
use desk_core::AppError;
use desk_core::lang::Lang;
use desk_core::onboarding::{OnboardingPage, OnboardingStep};

#[derive(Args, Debug)]
pub struct OnboardingArgs {
    #[arg(long)]
    pub client: String,
    /// Print each member's message (the text to send them) under their row.
    #[arg(long)]
    pub messages: bool,
    /// Language of the messages: en or es (default: from LANG).
    #[arg(long)]
    pub lang: Option<String>,
}

fn step(s: Option<OnboardingStep>) -> &'static str {
    match s {
        None => "done",
        Some(OnboardingStep::AcceptInvite) => "accept the invitation",
        Some(OnboardingStep::AwaitConfirmation) => "confirm them (pdesk members confirm)",
        Some(OnboardingStep::TurnOnTwoStep) => "turn on two-step login",
        Some(OnboardingStep::EnrollRecovery) => "enroll in account recovery",
    }
}

pub async fn onboarding(ctx: &Context, args: &OnboardingArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    let lang = match &args.lang {
        Some(tag) => Lang::from_tag(tag),
        None => Lang::from_tag(&std::env::var("LANG").unwrap_or_default()),
    };
    let page = core.onboarding(&client.organization_id, lang).await?;
    ctx.print(&page, || text(&page, args.messages))
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn text(p: &OnboardingPage, messages: bool) -> String {
    let c = &p.counts;
    let mut out = format!(
        "{} — {} members: {} accepted, {} confirmed, {} with two-step login{}; {} done; {} invitations older than 5 days (as of {})",
        sanitize(&p.client_name),
        c.members,
        c.accepted,
        c.confirmed,
        c.two_step,
        if p.recovery_policy {
            format!(", {} enrolled in account recovery", c.recovery_enrolled)
        } else {
            String::new()
        },
        c.complete,
        c.stale_invites,
        p.as_of.as_deref().unwrap_or("never"),
    );
    out.push_str(&format!(
        "\n{:<36} {:<10} {:<4} {:<9} {:<38} {}",
        "Member", "Status", "2FA", "Recovery", "Next step", "Resource"
    ));
    for m in &p.members {
        let who = m
            .email
            .as_deref()
            .or(m.name.as_deref())
            .unwrap_or(&m.member_id);
        let status = format!(
            "{}{}",
            m.status,
            if m.stale_invite { " (stale)" } else { "" }
        );
        out.push_str(&format!(
            "\n{:<36} {:<10} {:<4} {:<9} {:<38} {}",
            truncate(&sanitize(who), 36),
            truncate(&status, 18),
            yes(m.two_step),
            m.recovery_enrolled.map_or("—", yes),
            step(m.next),
            m.resource.map(|r| r.url()).unwrap_or("")
        ));
        if messages && let Some(text) = &m.message {
            for line in sanitize_lines(text) {
                out.push_str(&format!("\n    {line}"));
            }
        }
    }
    out
}

/// The message's lines, each free of control characters.
fn sanitize_lines(text: &str) -> Vec<String> {
    text.lines().map(sanitize).collect()
}
