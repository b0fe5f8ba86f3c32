#!/usr/bin/env bash
# Checks the GenOpt package the way users install it: packs it, creates a fresh console project in a temporary
# folder outside the repository that references the package from a local folder feed (no project references),
# builds it with warnings as errors, runs it, publishes it with NativeAOT (zero warnings) and runs the native
# executable. The consumer's code is tests/package-check/Program.cs: an [Objective] with [InequalityConstraint]s
# solved with SLSQP and CMA-ES; it exits non-zero unless both reach the known optima.
# Also checks that the package's buildTransitive props make the GenOptGradientCheck build property visible to the
# generator. Usage: tests/package-check.sh (from anywhere). Exit code 0 = the package works.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/genopt-package-check.XXXXXX")
# A version of its own for every run, so that the global package cache can never hand back an older build.
version="0.0.0-check.$(date +%s).$$"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/genopt/$version"
trap 'rm -rf "$work" "$cache"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
no_warnings() { # $1 = log, $2 = step
  if grep -Eq ': warning [A-Z]+[0-9]+' "$1"; then
    grep -E ': warning [A-Z]+[0-9]+' "$1" | sort -u
    fail "$2 reported warnings"
  fi
}

echo "== pack GenOpt $version =="
dotnet pack "$repo/src/Runtime" -c Release -p:Version="$version" -o "$work/feed" 2>&1 | tee "$work/pack.log"
no_warnings "$work/pack.log" "dotnet pack"
nupkg="$work/feed/GenOpt.$version.nupkg"
[ -f "$nupkg" ] || fail "no package at $nupkg"
[ -f "$work/feed/GenOpt.$version.snupkg" ] || fail "no symbol package"
unzip -Z1 "$nupkg" | sort > "$work/layout.txt"
cat "$work/layout.txt"
for entry in lib/net10.0/GenOpt.Runtime.dll lib/net10.0/GenOpt.Runtime.xml \
             analyzers/dotnet/cs/GenOpt.Generators.dll analyzers/dotnet/cs/GenOpt.Analyzers.dll \
             analyzers/dotnet/cs/GenOpt.CodeFixes.dll buildTransitive/GenOpt.props README.md LICENSE docs/diagnostics.md docs/generator-performance.md; do
  grep -qx "$entry" "$work/layout.txt" || fail "the package has no $entry"
done
if unzip -p "$nupkg" GenOpt.nuspec | grep -q '<dependency '; then
  fail "the package has dependencies (the compiler plug-ins must be inside it, not referenced)"
fi

echo "== a fresh consumer project in $work/consumer =="
mkdir -p "$work/consumer"
cp "$repo/tests/package-check/Program.cs" "$work/consumer/Program.cs"
cat > "$work/consumer/Consumer.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <InvariantGlobalization>true</InvariantGlobalization>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="GenOpt" Version="$version" />
  </ItemGroup>
</Project>
PROJ
# The local feed comes on top of the machine's usual sources (the NativeAOT compiler packages still come from there).
cat > "$work/consumer/nuget.config" <<CONF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="genopt-local" value="$work/feed" />
  </packageSources>
</configuration>
CONF
cd "$work/consumer"

echo "== build =="
dotnet build -c Release 2>&1 | tee "$work/build.log"
no_warnings "$work/build.log" "the consumer's build"
generated=$(find obj -path '*GenOpt.Generators*' -name '*.g.cs' | head -n 1)
[ -n "$generated" ] || fail "the packaged generator produced no source"
if grep -rq 'GradientCheck.Verify' obj/Release/net10.0/generated; then
  fail "an optimized build has the gradient check although GenOptGradientCheck is not set"
fi

echo "== run =="
dotnet bin/Release/net10.0/Consumer.dll || fail "the consumer (JIT) did not reach the known optima"

echo "== GenOptGradientCheck=true reaches the generator (buildTransitive/GenOpt.props) =="
dotnet build -c Release -p:GenOptGradientCheck=true -o "$work/checked" > "$work/build-checked.log" 2>&1 \
  || { cat "$work/build-checked.log"; fail "the build with GenOptGradientCheck=true failed"; }
grep -rq 'GradientCheck.Verify' obj/Release/net10.0/generated \
  || fail "GenOptGradientCheck=true did not reach the generator"
dotnet "$work/checked/Consumer.dll" > /dev/null || fail "the consumer with the gradient check failed"

echo "== NativeAOT publish =="
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:GenOptGradientCheck=false -o "$work/native" 2>&1 \
  | tee "$work/publish.log"
no_warnings "$work/publish.log" "the NativeAOT publish"
[ -x "$work/native/Consumer" ] || fail "no native executable"

echo "== run the native executable =="
"$work/native/Consumer" || fail "the native consumer did not reach the known optima"
echo "package check: 1 passed, 0 failed"
