package dev.roadlab.grader.lab;

import java.util.Set;

/**
 * A named wrong solution kept in the lab's {@code wrong/<name>/} folder, with the checks it must fail and no other.
 *
 * @param name         folder name
 * @param fails        ids of the checks this solution must fail; it must pass every other check
 * @param description  the mistake it embodies
 */
public record WrongSolution(String name, Set<String> fails, String description) {
}
