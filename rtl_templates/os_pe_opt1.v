// Output-stationary carry-save (OPT1) processing element.
//
// The accumulator is kept as two vectors, sum and carry, whose sum mod 2^C_WIDTH is the
// running dot product. Each beat feeds a's Booth partial products of a*b together
// with sum and carry into one compressor tree (the step module); its two output rows
// become the new sum and carry, so no carry-propagate adder sits in the loop. A beat
// flagged `first` starts from zero; a beat flagged `last` copies the finished pair into
// result_sum_o / result_carry_o, which the array adds once, on its drain path.
// Operands move on as in the MAC PE: a's digits (with its flags) right, b down. Only
// the `last` flag is reset: it alone can announce a result.
`resetall
`default_nettype none
module os_pe_opt1 #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Radix-4 Booth digits per activation: the array recodes each activation once, at the
  // row's edge, and the digits move along the row in its place.
  parameter integer DIGITS = 4
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  input  wire [3*DIGITS-1:0] a_digits_i,  // {two, one, neg}, digit d at bit d of each
  input  wire                first_i,
  input  wire                last_i,
  input  wire [B_WIDTH-1:0]  b_i,
  output reg  [3*DIGITS-1:0] a_digits_o,
  output reg                 first_o,
  output reg                 last_o,
  output reg  [B_WIDTH-1:0]  b_o,
  output reg  [C_WIDTH-1:0]  result_sum_o,
  output reg  [C_WIDTH-1:0]  result_carry_o
);
  reg  [C_WIDTH-1:0] sum_q, carry_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  // The array guarantees a = 0 (no nonzero digit) and first_i = 0 on empty slots, so
  // the accumulator needs no enable (an empty slot adds 0*b) and `first` alone restarts
  // it. The step gates the accumulator for the restart itself, beside the compressors it
  // feeds, where synthesis merges the gate into them: on osu018 (8x8 int8) this PE lost
  // 2,384 um^2 and the step gained 782 when the gate moved there.

  os_pe_opt1_step_digits u_step (
    .neg_i   (a_digits_i[0 +: DIGITS]),
    .one_i   (a_digits_i[DIGITS +: DIGITS]),
    .two_i   (a_digits_i[2*DIGITS +: DIGITS]),
    .b_i     (b_i),
    .restart_i (first_i),
    .sum_i   (sum_q),
    .carry_i (carry_q),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    a_digits_o <= a_digits_i;
    b_o        <= b_i;
    first_o    <= first_i;
    sum_q      <= sum_d;
    carry_q    <= carry_d;
    if (last_i) begin
      result_sum_o   <= sum_d;
      result_carry_o <= carry_d;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) last_o <= 1'b0;
    else         last_o <= last_i;
  end
endmodule
`resetall
