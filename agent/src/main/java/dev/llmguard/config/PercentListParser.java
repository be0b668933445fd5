package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** Percentages separated by commas, each from 1 to 100, e.g. {@code 70,90}; kept in ascending order without repeats. */
final class PercentListParser implements ValueParser<List<Integer>> {
    private final WholeNumberParser percent = new WholeNumberParser(1, 100);

    @Override
    public String expectedForm() {
        return "percentages from 1 to 100 separated by commas, e.g. 70,90";
    }

    @Override
    public List<Integer> parse(String text) throws InvalidValueException {
        TreeSet<Integer> values = new TreeSet<Integer>();
        for (String item : text.split(",")) {
            values.add(percent.parse(item.trim()));
        }
        return Collections.unmodifiableList(new ArrayList<Integer>(values));
    }

    @Override
    public String format(List<Integer> value) {
        StringBuilder sb = new StringBuilder();
        for (Integer v : value) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }
}
