"""The eval as JUnit XML, the format CI systems read: one testcase per case, one per gated bar.

A case's failure message says what went wrong in words a reviewer can act on: the key fact missed, the
citation that did not support its sentence, the wrong refusal. The bars are testcases of their own
(`gate` suite), so the file carries the verdict the exit code gives.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assistant.evals.report import EvalReport, bar_text, fmt


def to_junit(report: EvalReport, regressions: list[str] | None = None) -> str:
    root = ET.Element("testsuites", name=f"grounding eval ({report.backend})")
    total = failed = 0
    for suite in report.suites:
        for half in suite.halves:
            element = ET.SubElement(root, "testsuite", name=f"{suite.name}/{half.half}")
            failures = 0
            seconds = 0.0
            for case in half.cases:
                testcase = ET.SubElement(
                    element,
                    "testcase",
                    classname=f"{suite.name}.{half.half}",
                    name=case.id,
                    time=f"{case.ms / 1000:.3f}",
                )
                seconds += case.ms / 1000
                if case.failures:
                    failures += 1
                    failure = ET.SubElement(testcase, "failure", message=case.failures[0], type=case.kind)
                    failure.text = "\n".join(case.failures)
            element.set("tests", str(len(half.cases)))
            element.set("failures", str(failures))
            element.set("errors", "0")
            element.set("time", f"{seconds:.3f}")
            total += len(half.cases)
            failed += failures
    gate = ET.SubElement(root, "testsuite", name="gate")
    gate_tests = gate_failures = 0
    for suite in report.suites:
        for half in suite.halves:
            if not half.gated:
                continue
            for name in half.thresholds:
                gate_tests += 1
                testcase = ET.SubElement(
                    gate,
                    "testcase",
                    classname=f"gate.{suite.name}.{half.half}",
                    name=f"{name} {bar_text(name, half.thresholds)}",
                )
                missed = [m for m in half.misses if m.startswith(name + ":")]
                if missed:
                    gate_failures += 1
                    ET.SubElement(testcase, "failure", message=missed[0], type="bar")
                else:
                    ET.SubElement(testcase, "system-out").text = f"{name} = {fmt(half.metrics.get(name))}"
    for name, bar in report.support_thresholds.items():
        gate_tests += 1
        testcase = ET.SubElement(gate, "testcase", classname="gate.support", name=f"{name} ≥ {bar:g}")
        missed = [m for m in report.support_misses if m.startswith(name + ":")]
        if missed:
            gate_failures += 1
            ET.SubElement(testcase, "failure", message=missed[0], type="bar")
    for line in regressions or []:
        gate_tests += 1
        gate_failures += 1
        testcase = ET.SubElement(gate, "testcase", classname="gate.baseline", name=line.split(":")[0])
        ET.SubElement(testcase, "failure", message=line, type="regression")
    gate.set("tests", str(gate_tests))
    gate.set("failures", str(gate_failures))
    gate.set("errors", "0")
    root.set("tests", str(total + gate_tests))
    root.set("failures", str(failed + gate_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
