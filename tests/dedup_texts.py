"""Hand-made texts shared by the dedup tests (tests/test_dedup.py, tests/test_dedup_index.py).

FAIR: [0] and [2] are the same report edited apart (they verify, but share fewer than 2 LSH buckets, so
neither finds the other), as are [1] and [3]; a text made of [0] and [3] links both.
"""

FAIR = [
    "Sáng nay tại thành phố Đà Nẵng đã diễn ra lễ khai mạc hội chợ thương mại quốc tế với hơn ba trăm"
    " gian hàng của doanh nghiệp trong và ngoài nước.",
    "Ban tổ chức cho biết hội chợ sẽ kéo dài đến hết ngày chủ nhật và mở cửa miễn phí cho người dân"
    " đến tham quan mua sắm.",
    "Sáng qua ở thành phố Đà Nẵng đã diễn ra lễ khai trương hội chợ thương mại quốc tế với gần ba trăm"
    " gian hàng của các doanh nghiệp trong và ngoài nước.",
    "Ban tổ chức cho hay hội chợ sẽ kéo dài tới hết ngày thứ bảy và mở cửa tự do cho người dân đến"
    " tham quan mua sắm.",
]
