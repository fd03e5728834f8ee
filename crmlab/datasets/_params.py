"""Every generating parameter of the industrial world (copied into ``world.truth``).

Money in CNY, durations in years unless a name says otherwise. Lists indexed by
category follow ``_schema.CATEGORIES``; lists by size class follow ``_schema.SIZES``.
"""
from . import _schema as S

#: Every parameter of the world's generative story, by part (returned as ``world.truth["params"]``).
PARAMS = {
    "segments": {
        "probability": {"strategic_partner": 0.12, "price_driven": 0.28,
                        "service_intensive": 0.20, "transactional": 0.40},
        "potential_median_cny": {"strategic_partner": 6.0e6, "price_driven": 2.4e6,
                                 "service_intensive": 2.0e6, "transactional": 0.8e6},
        "potential_log_sd": 0.75,
        "service_intensity": {"strategic_partner": 1.4, "price_driven": 1.0,
                              "service_intensive": 2.2, "transactional": 0.7},
        "extra_discount": {"strategic_partner": 0.01, "price_driven": 0.045,
                           "service_intensive": 0.0, "transactional": 0.0},
        "category_multiplier": {  # raw, equipment, assemblies, components, consumables, services
            "strategic_partner": [1.0, 1.2, 1.2, 1.0, 0.8, 1.3],
            "price_driven": [5.0, 0.4, 0.8, 1.0, 1.0, 0.4],
            "service_intensive": [0.6, 2.0, 1.5, 0.8, 0.8, 2.0],
            "transactional": [0.8, 0.3, 0.6, 1.3, 2.0, 0.6],
        },
    },
    "industry_probability": dict(zip(S.INDUSTRIES, [0.20, 0.18, 0.20, 0.14, 0.10, 0.08, 0.10])),
    "industry_category_mix": {
        "automotive": [0.25, 0.08, 0.25, 0.27, 0.10, 0.05],
        "electronics": [0.15, 0.10, 0.20, 0.40, 0.10, 0.05],
        "machinery": [0.25, 0.12, 0.25, 0.25, 0.08, 0.05],
        "chemicals": [0.50, 0.12, 0.05, 0.08, 0.15, 0.10],
        "construction": [0.45, 0.15, 0.15, 0.10, 0.10, 0.05],
        "energy": [0.20, 0.25, 0.15, 0.15, 0.10, 0.15],
        "food_processing": [0.25, 0.20, 0.10, 0.10, 0.25, 0.10],
    },
    "region_probability": dict(zip(S.REGIONS, [0.32, 0.24, 0.18, 0.12, 0.14])),
    "customer_type_probability": dict(zip(S.CUSTOMER_TYPES, [0.65, 0.15, 0.20])),
    "share_existing_at_start": 0.45,
    "max_tenure_at_start_years": 15,
    "customers_per_account_manager": 50,
    "market_growth": {"mean": 0.03, "sd": 0.05},
    "autocorrelation": {"expectation": 0.9, "quality": 0.8, "health": 0.85},
    "expectation_loading_on_quality": 0.3,
    "account_manager_skill_sd": 0.4,
    "structural_model": {
        # perceived quality = sum of driver weights x attribute quality (standardised)
        "driver_weights": {"product": 0.32, "service": 0.36, "personnel": 0.14, "image": 0.18},
        "satisfaction": {"expectation": 0.10, "perceived_quality": 0.45, "perceived_value": 0.30},
        "complaint": {"satisfaction": -0.5},
        "loyalty": {"satisfaction": 0.55, "complaint": -0.25},
        "note": "latents are standardised; each endogenous latent gets normal noise "
                "so that its variance is about one",
    },
    "choice": {
        "weights": {"product_value": 0.60, "service_value": 0.50, "personnel_value": 0.30,
                    "image_value": 0.25, "monetary_cost": -0.06, "time_cost": -0.30,
                    "energy_cost": -0.20, "physical_cost": -0.10},
        "main_contract_share": 0.3,
        "dirichlet_concentration": 30.0,
        "competitor_offer_probability": 0.12,
        "competitor_offer_extra_price_driven": 0.08,
        "competitor_offer_price_cut": 12.0,
        "supplier_means": {  # product, service, personnel, image, price, time, energy, physical
            "competitor_a": [6.8, 5.8, 5.8, 6.8, 108.0, 4.5, 4.5, 4.0],
            "competitor_b": [5.6, 5.4, 5.5, 5.2, 92.0, 5.0, 4.8, 4.5],
            "competitor_c": [6.0, 6.6, 6.4, 5.8, 100.0, 4.0, 4.0, 4.2],
        },
        "ours_base": [6.4, 6.2, 6.2, 6.0, 100.0, 4.0, 4.0, 4.0],
        "ours_quality_loading": 1.2,
    },
    "lifecycle": {
        "stage_mean_years": {"initial": 1.0, "development": 2.0, "mature": 5.0},
        "gamma_shape": 4.0,
        "mature_multiplier": {"strategic_partner": 1.6, "price_driven": 0.8,
                              "service_intensive": 1.0, "transactional": 0.6},
        "stage_volume": {"initial": 0.30, "development": 0.65, "mature": 1.0, "decline": 0.55},
        "yearly_volume_log_sd": 0.15,
    },
    "churn_hazard": {
        "baseline_per_year": 0.045,
        "stage_factor": {"initial": 1.8, "development": 1.0, "mature": 0.6, "decline": 2.5},
        "segment_factor": {"strategic_partner": 0.5, "price_driven": 1.4,
                           "service_intensive": 0.9, "transactional": 1.2},
        "log_hazard_ratio": {"satisfaction": -0.5, "complaint": 0.35, "competitor_offer": 0.9},
        # last year's complaints handling (投诉处理), added to the log hazard: the share of
        # its complaints whose resolution the customer did not accept, and the mean over them
        # of max(0, log(days to resolve / 7))
        "complaint_handling_log_hazard_ratio": {"unresolved_share_last_year": 0.7,
                                                "slow_resolution_last_year": 0.3},
        "no_churn_days_after_start": 30,
    },
    "orders": {
        "orders_per_year_at_100k": 3.0, "orders_elasticity": 0.45,
        "lines_binomial_p": [0.25, 0.32, 0.40, 0.48],  # by size class
        "order_to_invoice_max_days": 14,
        "unit_price_median": dict(zip(S.CATEGORIES, [9000.0, 350000.0, 18000.0, 450.0, 120.0,
                                                       4000.0])),
        "list_margin": dict(zip(S.CATEGORIES, [0.155, 0.38, 0.33, 0.32, 0.40, 0.55])),
        "list_margin_sd": 0.03,
        "discount_base": 0.01, "discount_per_decade": 0.03, "discount_sd": 0.015,
        "financing_rate": 0.05,
        "payment_terms": [30, 60, 90, 120],
        "rush_probability": 0.04,
        "on_time_logit": {"intercept": 2.6, "service_quality": 0.6},
    },
    "invoices": {
        "days_late_scale": dict(zip(S.CREDIT_RATINGS, [45.0, 18.0, 7.0, 4.0, 2.5, 1.5])),
        "health_effect": -0.4,
    },
    "tickets": {
        "complaints_per_sqrt_order": 0.25, "complaint_latent_effect": 0.7,
        "late_delivery_effect": 2.0,
        "service_requests_per_year": 0.6,
        "severity_probability": {"complaint": [0.45, 0.40, 0.15],
                                 "service_request": [0.60, 0.30, 0.10]},
        "resolve_days_median": {"low": 3.0, "medium": 7.0, "high": 15.0},
        # first response and acceptance of the resolution, drawn from their own stream
        "resolution": {
            "first_response_hours_median": [24.0, 12.0, 6.0],  # by severity
            "first_response_log_sd": 0.7, "first_response_personnel_effect": -0.3,
            "acceptance_logit": {"intercept": 1.2, "log_days_over_7": -0.9,
                                 "log_response_hours_over_12": -0.3, "personnel_quality": 0.5},
        },
    },
    # service recovery (服务补救): next year's satisfaction (standardised latent) moves by the
    # mean over last year's complaints of: accepted + per_log_day * log(days to resolve / 7)
    # if the customer accepted the resolution, else not_accepted; 0 without complaints. A
    # complaint resolved to the customer's satisfaction within 7 exp(accepted / -per_log_day)
    # = 24 days leaves it more satisfied than no complaint (the paradox); a slower or
    # rejected one leaves it less. Complaint propensity and loyalty follow satisfaction.
    "service_recovery": {"accepted": 0.25, "per_log_day": -0.2, "not_accepted": -0.5},
    "activities": {
        "cost_rates_cny": {"visits": 1200.0, "orders": 200.0, "deliveries": 500.0,
                           "rush_orders": 2000.0, "support_hours": 450.0, "returns": 1200.0,
                           "proactive_hours": 450.0},
        # proactive service (预防性服务): hours planned per year by size class, times
        # exp(effort); effort ~ N(0, log_hours_sd²) explains share_of_service_innovation of
        # each year's new service-quality shock (the rest of the world is unchanged)
        "proactive_hours_by_size": [6.0, 12.0, 24.0, 48.0],
        "proactive_log_hours_sd": 0.4,
        "proactive_share_of_service_innovation": 0.5,
        "visits_per_year_by_size": [2.0, 4.0, 7.0, 11.0],
        "split_shipment_rate": {"strategic_partner": 0.3, "price_driven": 2.0,
                                "service_intensive": 0.4, "transactional": 0.1},
        "support_hours_per_100k_equipment": 12.0,
        "returns_per_line": 0.02,
    },
    "survey": {
        "share_surveyed": 0.45, "respondents_binomial": [2, 0.35],
        "likert_centre": 4.9, "halo_sd": 0.35, "noise_sd": 0.6, "missing_rate": 0.03,
        "marker_loadings": [0.95, 0.85, 0.75],
        "stated_importance_mean": {"product": 6.2, "service": 5.3, "personnel": 5.6, "image": 3.9},
        "expected_mean": 5.2,
    },
}
