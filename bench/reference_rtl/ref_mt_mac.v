// A plain hand-written multiplier-adder tree, the way a designer writes one by hand:
// the baseline bitloom's generated mul_tree arrays are measured against in the same
// synthesis flow (bench/bench_reference.cpp).
//
// COLS columns, each holding one K-deep column of B and computing the dot product of
// the current row of A with it as `sum + a*w` in one loop, which Yosys turns into one
// multiply-accumulate cell per column. The weights are loaded by shifting one row of B
// per cycle while `w_load` is high (row 0 first); there is no second weight buffer, so
// the host stops streaming A while it loads. A row of A enters every cycle; its row
// of C leaves two cycles later. There is no handshake and no back-pressure.
`default_nettype none
module ref_mt_mac #(
  parameter integer K = 16,
  parameter integer COLS = 16,
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 20
) (
  input  wire                     clk,
  input  wire                     w_load,
  input  wire [COLS*B_WIDTH-1:0]  w_row,
  input  wire [K*A_WIDTH-1:0]     a_row,
  output wire [COLS*C_WIDTH-1:0]  c_row
);
  reg [K*A_WIDTH-1:0] a_q;
  always @(posedge clk) a_q <= a_row;
  genvar j;
  generate
    for (j = 0; j < COLS; j = j + 1) begin : col
      ref_mt_column #(.K(K), .A_WIDTH(A_WIDTH), .B_WIDTH(B_WIDTH), .C_WIDTH(C_WIDTH)) column (
        .clk    (clk),
        .w_load (w_load),
        .w_i    (w_row[j*B_WIDTH +: B_WIDTH]),
        .a_i    (a_q),
        .c_o    (c_row[j*C_WIDTH +: C_WIDTH])
      );
    end
  endgenerate
endmodule

module ref_mt_column #(
  parameter integer K = 16,
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 20
) (
  input  wire                     clk,
  input  wire                     w_load,
  input  wire [B_WIDTH-1:0]       w_i,
  input  wire [K*A_WIDTH-1:0]     a_i,
  output reg  signed [C_WIDTH-1:0] c_o
);
  // Slot k holds B[k][j] once K rows have been shifted in: each load moves every
  // slot down by one and puts the new row in slot K-1.
  reg [K*B_WIDTH-1:0] w;
  reg signed [C_WIDTH-1:0] sum;
  integer k;
  always @* begin
    sum = {C_WIDTH{1'b0}};
    for (k = 0; k < K; k = k + 1)
      sum = sum + $signed(a_i[k*A_WIDTH +: A_WIDTH]) * $signed(w[k*B_WIDTH +: B_WIDTH]);
  end
  always @(posedge clk) begin
    if (w_load) w <= {w_i, w[K*B_WIDTH-1:B_WIDTH]};
    c_o <= sum;
  end
endmodule
