# Checks snnc's population rates against a peer's recorded means.
#
#   awk -v tol=0.15 -f rates-within.awk FIXTURE.json SUMMARY.json
#
# FIXTURE.json is test/fixtures/brian2-coba-rates.json: its keys
# "<pop>_rate_hz_mean" give the peer's mean rate of each population.
# SUMMARY.json is what `snn-compile --run --summary-json` writes: a list of
# population objects with "name" and "rate_hz". Both are read as the
# pretty-printed JSON their writers emit, one key per line; nothing else is
# assumed about order. For each population named in the fixture prints
#
#   <pop> snnc <rate> Hz brian2 <mean> Hz ratio <r> ok|FAIL
#
# and exits 1 if any ratio is outside [1 - tol, 1 + tol] or a population is
# missing from either file.

function value(line) {
  sub(/^[^:]*:[ \t]*/, "", line)
  sub(/[ \t]*,?[ \t]*$/, "", line)
  gsub(/"/, "", line)
  return line
}

FNR == 1 { file++ }

# The fixture: "exc_rate_hz_mean": 21.7385,
file == 1 && /"[A-Za-z0-9_]+_rate_hz_mean"[ \t]*:/ {
  key = $0
  sub(/^[^"]*"/, "", key)
  sub(/_rate_hz_mean".*$/, "", key)
  mean[key] = value($0) + 0
  order[++npop] = key
  next
}

# The summary: one object per population; remember its name and rate until
# the object closes.
file == 2 && /"name"[ \t]*:/ { name = value($0) }
file == 2 && /"rate_hz"[ \t]*:/ { rate = value($0); hasrate = 1 }
file == 2 && /}/ {
  if (name != "" && hasrate)
    snnc[name] = rate + 0
  name = ""
  hasrate = 0
}

END {
  if (tol == "")
    tol = 0.15
  if (npop == 0) {
    print "FAIL: no <pop>_rate_hz_mean keys in " ARGV[1]
    exit 1
  }
  bad = 0
  for (i = 1; i <= npop; i++) {
    p = order[i]
    if (!(p in snnc)) {
      print p " FAIL: no population '" p "' in " ARGV[2]
      bad = 1
      continue
    }
    if (mean[p] <= 0) {
      print p " FAIL: the fixture's mean rate is " mean[p]
      bad = 1
      continue
    }
    r = snnc[p] / mean[p]
    verdict = (r >= 1 - tol && r <= 1 + tol) ? "ok" : "FAIL"
    if (verdict != "ok")
      bad = 1
    printf "%s snnc %.3f Hz brian2 %.3f Hz ratio %.3f %s\n", p, snnc[p], mean[p], r, verdict
  }
  exit bad
}
