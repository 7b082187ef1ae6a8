// 3D-cube carry-save (OPT1) processing element.
//
// The Booth partial products of all K_PER_BEAT products of a beat and the accumulator's
// sum and carry vectors enter one compressor tree (the step module), whose two output
// rows are the new accumulator: no carry-propagate adder in the loop. `first` restarts
// from zero; `last` copies the finished pair into result_sum_o / result_carry_o, which
// the array adds once, on its drain path. A bubble adds 0*b instead of holding the
// accumulator with an enable.
`resetall
`default_nettype none
module cube_pe_opt1 #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Products per beat (the cube's depth).
  parameter integer K_PER_BEAT = 4,
  // Radix-4 Booth digits per activation: the array recodes each activation once, for its
  // whole PE row, and the PE takes the digits.
  parameter integer DIGITS = 4
) (
  input  wire                          clk_i,
  input  wire [K_PER_BEAT*DIGITS-1:0]  neg_i,  // product k's digits at [k*DIGITS +: DIGITS]
  input  wire [K_PER_BEAT*DIGITS-1:0]  one_i,
  input  wire [K_PER_BEAT*DIGITS-1:0]  two_i,
  input  wire [K_PER_BEAT*B_WIDTH-1:0] b_i,
  input  wire                          first_i,
  input  wire                          last_i,
  output reg  [C_WIDTH-1:0]            result_sum_o,
  output reg  [C_WIDTH-1:0]            result_carry_o
);
  reg  [C_WIDTH-1:0] sum_q, carry_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  // The array guarantees a = 0 (no nonzero digit) and first_i = 0 on empty slots, so
  // the accumulator needs no enable (an empty slot adds 0*b) and `first` alone restarts it
  // (the step gates its accumulator inputs, where synthesis merges the gate into the tree).

  cube_pe_opt1_step_digits u_step (
    .neg_i   (neg_i),
    .one_i   (one_i),
    .two_i   (two_i),
    .b_i     (b_i),
    .restart_i (first_i),
    .sum_i   (sum_q),
    .carry_i (carry_q),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    sum_q   <= sum_d;
    carry_q <= carry_d;
    if (last_i) begin
      result_sum_o   <= sum_d;
      result_carry_o <= carry_d;
    end
  end
endmodule
`resetall
