// 3D-cube MAC processing element: acc <= acc + sum_k a_k*b_k over K_PER_BEAT products
// per beat (one depth slice of the cube).
//
// The multiply-add is generated: the radix-4 Booth partial products of all K_PER_BEAT
// products and the accumulator enter one compressor tree (the step module), and a
// parallel-prefix adder turns its two rows into the new accumulator. Operands arrive
// broadcast from the array edge, so nothing moves on. The array feeds a = 0 on empty
// slots, so the accumulator needs no enable. `first` restarts the accumulator; `last`
// copies the finished sum into result_o, which holds it while the next tile accumulates.
`resetall
`default_nettype none
module cube_pe_mac #(
  // Operand widths; signedness is built into the step module.
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Products per beat (the cube's depth).
  parameter integer K_PER_BEAT = 4
) (
  input  wire                          clk_i,
  input  wire [K_PER_BEAT*A_WIDTH-1:0] a_i,
  input  wire [K_PER_BEAT*B_WIDTH-1:0] b_i,
  input  wire                          first_i,
  input  wire                          last_i,
  output reg  [C_WIDTH-1:0]            result_o
);
  reg  [C_WIDTH-1:0] acc_q;
  wire [C_WIDTH-1:0] acc_in = first_i ? {C_WIDTH{1'b0}} : acc_q;
  wire [C_WIDTH-1:0] row0, row1, acc_d;

  cube_pe_mac_step u_step (
    .a_i     (a_i),
    .b_i     (b_i),
    .sum_i   (acc_in),
    .sum_o   (row0),
    .carry_o (row1)
  );
  cube_pe_mac_add u_add (
    .a_i   (row0),
    .b_i   (row1),
    .sum_o (acc_d)
  );

  always @(posedge clk_i) begin
    acc_q <= acc_d;
    if (last_i) result_o <= acc_d;
  end
endmodule
`resetall
