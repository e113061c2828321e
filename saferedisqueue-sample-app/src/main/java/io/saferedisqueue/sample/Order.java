package io.saferedisqueue.sample;

/**
 * An order, stored as JSON: {@code {"id":"A-1","product":"coffee","quantity":2}}.
 *
 * @param id order id
 * @param product what was ordered
 * @param quantity how many
 */
public record Order(String id, String product, int quantity) {}
