#!/usr/bin/env python3
"""Writes a big simulator scenario, for measuring the simulator's speed.

The scenario (protos/cordon/sim/v1/scenario.proto, text format) has N
identities spread over tenants of 1,000 users (a quarter of them synced from
on-prem AD, so directory sync has work), and D simulated days of steps:
S sign-ins, a share of them as Cordon sign-in telemetry (a few from an
unexpected country, which opens LOGIN_UNEXPECTED_COUNTRY escalations, ESC-2),
and R incident reports that isolate one identity each and are resolved hours
later (ISO-2, ISO-4). It ends with a settle, so everything converges. The
same arguments write the same file (a seeded generator).

  tools/sim/make_load_scenario.py --identities=1000 --days=7 \
      --sign_ins=10000 > /tmp/load.textproto
  build/tools/cordon-sim/cordon-sim --scenario=/tmp/load.textproto --seed=1

docs/benchmarks.md ("Simulation speed") records what it measures.
"""

import argparse
import random
import sys

USERS_PER_TENANT = 1000
SYNCED_SHARE = 4  # every 4th user is synced (hybrid)
SECONDS_PER_DAY = 86400
AGENT_VERSION = "0.15.0"
UNEXPECTED_COUNTRIES = ("RU", "CN", "BR", "KP")


def tenant_id(index):
    return "00000000-0000-4000-8000-%012d" % (index + 1)


def agent_line(tenant, indent):
    """Every other tenant runs our on-prem agent (ISO-9, ISO-15); in the
    others a hybrid identity's isolation is LIMITED."""
    if tenant % 2:
        return ""
    return '%sagent_version: "%s"\n' % (indent, AGENT_VERSION)


def upn(index):
    return "user%d@t%d.example" % (index, index // USERS_PER_TENANT)


def write_world(out, identities):
    tenants = (identities + USERS_PER_TENANT - 1) // USERS_PER_TENANT
    out.write("world {\n")
    for t in range(tenants):
        out.write('  tenants {\n    alias: "t%d"\n    tenant_id: "%s"\n'
                  '    verified_domains: "t%d.example"\n%s' %
                  (t, tenant_id(t), t, agent_line(t, "    ")))
        last = min(identities, (t + 1) * USERS_PER_TENANT)
        for i in range(t * USERS_PER_TENANT, last):
            synced = " synced: true" if i % SYNCED_SHARE == 0 else ""
            out.write('    users { upn: "%s"%s sessions: 1 }\n' %
                      (upn(i), synced))
        out.write("  }\n")
    out.write("}\n\ncordon {\n  users { email: \"admin@msp.example\" }\n")
    for t in range(tenants):
        agent = agent_line(t, " ").rstrip("\n")
        out.write('  organizations { alias: "o%d" tenant: "t%d" hybrid: true%s '
                  '}\n' % (t, t, agent))
    for i in range(identities):
        out.write('  identities { alias: "i%d" organization: "o%d" '
                  'upn: "%s" }\n' % (i, i // USERS_PER_TENANT, upn(i)))
    out.write("}\n")


def report_steps(rng, args, victims):
    """(time, text) of each report's send and resolve."""
    steps = []
    horizon = args.days * SECONDS_PER_DAY
    for n, victim in enumerate(victims):
        sent = rng.randrange(0, horizon - 12 * 3600)
        resolved = sent + rng.randrange(3600, 12 * 3600)
        steps.append((sent, 'send_report { alias: "r%d" identities: "i%d" }' %
                      (n, victim)))
        steps.append((resolved, 'resolve_report: "r%d"' % n))
    return steps


def sign_in_steps(rng, args, signers):
    """(time, text) of each sign-in: the world's, or Cordon's telemetry."""
    steps = []
    horizon = args.days * SECONDS_PER_DAY
    for _ in range(args.sign_ins):
        when = rng.randrange(0, horizon)
        who = rng.choice(signers)
        if rng.random() >= args.telemetry_share:
            steps.append((when, 'sign_in { identity: "i%d" }' % who))
            continue
        country = "US"
        if rng.random() < args.unexpected_share:
            country = rng.choice(UNEXPECTED_COUNTRIES)
        steps.append((when, 'record_sign_in { identity: "i%d" country: "%s" '
                      'ip_address: "198.51.100.%d" }' %
                      (who, country, rng.randrange(1, 255))))
    return steps


def write_steps(out, rng, args):
    everyone = list(range(args.identities))
    reports = args.reports if args.reports >= 0 else max(
        1, args.identities // 100)
    reports = min(reports, args.identities - 1)
    victims = rng.sample(everyone, reports)
    # A victim is isolated for a while, and a disabled account cannot sign
    # in: only the others do.
    taken = set(victims)
    signers = [i for i in everyone if i not in taken]
    steps = report_steps(rng, args, victims) + sign_in_steps(rng, args, signers)
    steps.sort(key=lambda step: step[0])  # stable: ties keep their order
    for when, text in steps:
        out.write('steps { at: "%ds" %s }\n' % (when, text))
    out.write('steps { at: "%ds" settle { limit: "24h" } }\n' %
              (args.days * SECONDS_PER_DAY))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--identities", type=int, required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--sign_ins", type=int, required=True)
    parser.add_argument("--reports", type=int, default=-1,
                        help="incident reports; -1 = one per 100 identities")
    parser.add_argument("--telemetry_share", type=float, default=0.1,
                        help="share of sign-ins sent as Cordon telemetry")
    parser.add_argument("--unexpected_share", type=float, default=0.02,
                        help="share of telemetry from an unexpected country")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.identities < 2 or args.days < 1 or args.sign_ins < 0:
        parser.error("needs --identities >= 2, --days >= 1, --sign_ins >= 0")
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write("# Written by tools/sim/make_load_scenario.py %s\n" %
              " ".join(sys.argv[1:]))
    out.write('name: "load_%di_%dd_%ds"\n' %
              (args.identities, args.days, args.sign_ins))
    out.write('description: "a load for measuring the simulator\'s speed"\n\n')
    write_world(out, args.identities)
    out.write("\n")
    write_steps(out, rng, args)


if __name__ == "__main__":
    main()
