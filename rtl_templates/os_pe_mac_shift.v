// Output-stationary MAC processing element for the shift drain: acc <= acc + a*b every
// cycle, with no result register, no restart and no reset.
//
// The multiply-add is generated: the radix-4 Booth partial products of a*b and the
// accumulator enter one compressor tree (the step module), and a parallel-prefix adder
// turns its two rows into the new accumulator. Operands move on: a's digits to the
// right, b downwards, one register each. The array feeds a = 0 on empty slots, so the
// accumulator needs no enable. When the array drains (shift_i), every accumulator takes
// its lower neighbour's (below_i; a = 0 then, so nothing is added): results move up the
// column and leave from row 0, zeros come in from below, and after a tile has left
// every accumulator is zero for the next one.
`resetall
`default_nettype none
module os_pe_mac_shift #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Radix-4 Booth digits per activation: the array recodes each activation once, at the
  // row's edge, and the digits move along the row in its place.
  parameter integer DIGITS = 4
) (
  input  wire                clk_i,
  input  wire [3*DIGITS-1:0] a_digits_i,  // {two, one, neg}, digit d at bit d of each
  input  wire [B_WIDTH-1:0]  b_i,
  input  wire                shift_i,
  input  wire [C_WIDTH-1:0]  below_i,
  output reg  [3*DIGITS-1:0] a_digits_o,
  output reg  [B_WIDTH-1:0]  b_o,
  output wire [C_WIDTH-1:0]  acc_o
);
  reg  [C_WIDTH-1:0] acc_q;
  wire [C_WIDTH-1:0] acc_in = shift_i ? below_i : acc_q;
  wire [C_WIDTH-1:0] row0, row1, acc_d;
  assign acc_o = acc_q;

  os_pe_mac_shift_step_digits u_step (
    .neg_i   (a_digits_i[0 +: DIGITS]),
    .one_i   (a_digits_i[DIGITS +: DIGITS]),
    .two_i   (a_digits_i[2*DIGITS +: DIGITS]),
    .b_i     (b_i),
    .sum_i   (acc_in),
    .sum_o   (row0),
    .carry_o (row1)
  );
  os_pe_mac_shift_add u_add (
    .a_i   (row0),
    .b_i   (row1),
    .sum_o (acc_d)
  );

  always @(posedge clk_i) begin
    a_digits_o <= a_digits_i;
    b_o        <= b_i;
    acc_q      <= acc_d;
  end
endmodule
`resetall
