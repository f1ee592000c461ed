import { getTranslations } from "next-intl/server";
import { describeCondition, type DescribeTools } from "@/lib/segments/describe";
import type { RuleNode } from "@/lib/segments/rule";

/** A saved rule in plain words, nested as it is built: "All of:", "Any of:", "Not:" above their conditions. */
export async function RuleWords({ rule, tools }: { rule: RuleNode; tools: DescribeTools }) {
  const t = await getTranslations("segments.page");
  const render = (node: RuleNode, key: string) => {
    if ("not" in node) {
      return (
        <li key={key}>
          <span className="font-medium">{t("not")}</span>
          <ul className="ms-4 mt-1 space-y-1 border-s border-[var(--border)] ps-3">{render(node.not, `${key}.not`)}</ul>
        </li>
      );
    }
    if ("all" in node || "any" in node) {
      const children = "all" in node ? node.all : node.any;
      return (
        <li key={key}>
          <span className="font-medium">{"all" in node ? t("allOf") : t("anyOf")}</span>
          <ul className="ms-4 mt-1 space-y-1 border-s border-[var(--border)] ps-3">{children.map((c, i) => render(c, `${key}.${i}`))}</ul>
        </li>
      );
    }
    return <li key={key}>{describeCondition(node, tools)}</li>;
  };
  return (
    <ul className="space-y-1 text-sm" data-testid="rule-words">
      {render(rule, "r")}
    </ul>
  );
}
