#!/usr/bin/env bash
# Regenerates the impedance spectra of the examples from published conductivities and activation energies
# with `nitrolyte eis simulate` (seeded noise, so the files are reproducible). These are GENERATED data, not
# measurements; each example README says which published numbers were used.
#
# Blocking pellets (Au|SE|Au): circuit R0-p(R1,CPE1)-CPE2 with
#   R_total(T) = L / (sigma(T) A), sigma(T) = sigma_ref (T_ref/T) exp(-Ea/kB (1/T - 1/T_ref))   (sigma T form)
#   R0 = bulk = 0.5 R_total (its arc lies above 7 MHz for these pellets, so it appears as the intercept)
#   R1 = grain boundary = 0.5 R_total, CPE1 with n = 0.9 and effective capacitance 2e-9 F (Brug)
#   CPE2 = Au blocking electrode, Q = 3e-6 F s^(n-1), n = 0.85
#   7 MHz to 0.1 Hz, 8 points per decade, 0.3 % Gaussian noise (of |Z|)
#   The pellet is not exactly at the set point in the file name: the k-th temperature of a series is simulated at
#   set point + DT[k] with DT = +0.6, -0.9, +1.1, -0.4, +0.8 K (a thermocouple's typical +-1 K), so the Arrhenius
#   fits scatter as real ones do and report non-zero standard errors.
# Symmetric Li|Li2NH|Li cell: R0-p(R1,CPE1), R0 = electrolyte, R1 = 2 ASR / A (two interfaces).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NITROLYTE="$HERE/../nitrolyte"

# pellet <dir> <prefix> <L_cm> <A_cm2> <sigma_ref S/cm> <T_ref C> <Ea eV> <seed> <temperatures C...>
pellet() {
  local dir=$1 prefix=$2 l=$3 a=$4 sref=$5 tref=$6 ea=$7 seed=$8; shift 8
  local dts=(0.6 -0.9 1.1 -0.4 0.8) i=0
  for tc in "$@"; do
    local params dt=${dts[$((i % 5))]}
    i=$((i + 1))
    params=$(awk -v l="$l" -v a="$a" -v s0="$sref" -v tr="$tref" -v ea="$ea" -v tc="$tc" -v dt="$dt" 'BEGIN {
      k = 8.617333262e-5; T = tc + 273.15 + dt; Tr = tr + 273.15;
      s = s0 * Tr / T * exp(-ea / k * (1 / T - 1 / Tr));
      R = l / (s * a); rb = 0.5 * R; rg = 0.5 * R;
      n = 0.9; C = 2e-9; Q = C^n * rg^(n - 1);
      printf "R0=%.6g,R1=%.6g,CPE1_0=%.6g,CPE1_1=%.2f,CPE2_0=3e-06,CPE2_1=0.85", rb, rg, Q, n }')
    "$NITROLYTE" eis simulate --circuit "R0-p(R1,CPE1)-CPE2" --params "$params" --fmin 0.1 --fmax 7e6 \
      --points-per-decade 8 --noise-pct 0.3 --seed "$seed" --out "$dir/${prefix}_${tc}C.csv"
    seed=$((seed + 1))
  done
}

# Li2NH (seed 000): 10 mm pellets (A = 0.7854 cm2), 1.5 mm thick; sigma(30 C) and Ea per preparation
pellet "$HERE/li2nh" cold_pressed 0.15 0.785398 5.4e-5 30 0.50 101 30 50 70 90 110
pellet "$HERE/li2nh" milled 0.15 0.785398 3.4e-4 30 0.52 111 30 50 70 90 110
pellet "$HERE/li2nh" hot_pressed 0.15 0.785398 1.0e-3 30 0.44 121 30 50 70 90 110

# Li|Li2NH|Li (seed 000): ASR 3308 -> 47 Ohm cm2 after 60 C treatment; electrolyte = hot-pressed pellet at 30 C
for pair in "before_heat_treatment 3308 131" "after_heat_treatment 47 132"; do
  set -- $pair
  params=$(awk -v asr="$2" 'BEGIN { a = 0.785398; R = 0.15 / (1.0e-3 * a); printf "R0=%.6g,R1=%.6g,CPE1_0=5e-06,CPE1_1=0.85", R, 2 * asr / a }')
  "$NITROLYTE" eis simulate --circuit "R0-p(R1,CPE1)" --params "$params" --fmin 0.01 --fmax 1e6 \
    --points-per-decade 8 --noise-pct 0.3 --seed "$3" --out "$HERE/li2nh/li_li2nh_li_$1.csv"
done

# Li9N2Cl3 (seed 002): 4.3e-5 S/cm at 25 C, Ea 0.378 eV; 10 mm x 1.0 mm pellet (illustrative geometry)
pellet "$HERE/li9n2cl3" pellet 0.10 0.785398 4.3e-5 25 0.378 201 25 45 65 85
# Li2.5N0.5S0.5 (seed 003): 2.1e-4 S/cm at 27 C, Ea 0.35 eV; 10 mm x 1.0 mm pellet (illustrative geometry)
pellet "$HERE/li2.5n0.5s0.5" pellet 0.10 0.785398 2.1e-4 27 0.35 301 27 47 67 87
